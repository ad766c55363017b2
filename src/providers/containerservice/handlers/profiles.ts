// Versions, upgrade profiles and credentials.
import { apiError } from "../../../arm/error-catalog.js";
import { LOCATIONS, normalizeLocation } from "../../../arm/locations.js";
import type { Reply, RequestContext } from "../../../arm/http.js";
import { availableUpgrades, SUPPORTED_MINORS, versionInfos } from "../domain/versions.js";
import { getPool, getPools } from "../repository.js";
import { NODE_IMAGE_VERSION } from "../wire/render.js";
import type { ProviderDeps } from "../../provider.js";
import { clusterPath, poolNotFound, requireCluster } from "./lookups.js";
import { apiServerFqdn } from "../domain/kube-nodes.js";
import { privateAccessOf, privateFqdn } from "../domain/private-cluster.js";
import type { ClusterRecord } from "../domain/records.js";

/** Through proxy mode (a public Azure name) the API server's own name; directly, the emulator's path for it. */
const apiServer = (origin: string, fqdn: string) => (/^https:\/\/[^/]*\.azure\.com(:\d+)?$/i.test(origin) ? `https://${fqdn}:443` : `${origin}/_aksemu/kubernetes/${fqdn}`);

/**
 * The name a kubeconfig points at: a private cluster's private FQDN, as real AKS's credentials
 * (its public FQDN with `server-fqdn=public`, az's --public-fqdn, when it has one); else the API server's.
 */
function serverName(c: ClusterRecord, serverFqdn: string | null): string {
  const access = privateAccessOf(c.spec);
  const priv = privateFqdn(c);
  if (!access || !priv || (serverFqdn?.toLowerCase() === "public" && access.publicFqdn)) return apiServerFqdn(c);
  return priv;
}

const upgradesOf = (version: string) => {
  const preview = new Set(versionInfos().filter((v) => v.isPreview).map((v) => v.version));
  return availableUpgrades(version).map((v) => (preview.has(v) ? { kubernetesVersion: v, isPreview: true } : { kubernetesVersion: v }));
};

export function profileHandlers(deps: ProviderDeps) {
  const { store } = deps;

  const kubernetesVersions = (ctx: RequestContext): Reply => {
    const location = normalizeLocation(ctx.params["location"]!);
    if (!LOCATIONS.includes(location)) throw apiError("locationNotAvailable", { location: ctx.params["location"]!, type: "locations/kubernetesVersions", locations: LOCATIONS });
    const values = SUPPORTED_MINORS.map((m) => ({
      version: m.minor,
      capabilities: { supportPlan: m.lts ? ["KubernetesOfficial", "AKSLongTermSupport"] : ["KubernetesOfficial"] },
      ...(m.isDefault ? { isDefault: true } : {}),
      ...(m.isPreview ? { isPreview: true } : {}),
      patchVersions: Object.fromEntries(m.patches.map((p) => [p, { upgrades: availableUpgrades(p).sort() }])),
    }));
    return { status: 200, body: { values } };
  };

  const clusterUpgradeProfile = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const c = requireCluster(store, path);
    return {
      status: 200,
      body: {
        id: `${c.id}/upgradeprofiles/default`,
        name: "default",
        type: "Microsoft.ContainerService/managedClusters/upgradeprofiles",
        properties: {
          controlPlaneProfile: { kubernetesVersion: c.currentKubernetesVersion, name: "master", osType: "Linux", upgrades: upgradesOf(c.currentKubernetesVersion) },
          agentPoolProfiles: getPools(store, path.key).map((p) => ({ kubernetesVersion: p.currentOrchestratorVersion, name: p.name, osType: String(p.spec["osType"] ?? "Linux"), upgrades: upgradesOf(p.currentOrchestratorVersion) })),
        },
      },
    };
  };

  const poolUpgradeProfile = (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const c = requireCluster(store, path);
    const pool = getPool(store, path.key, ctx.params["agentPoolName"]!);
    if (!pool) throw poolNotFound(ctx.params["agentPoolName"]!, c.name);
    // Pools may go up to the control plane's version.
    const upgrades = upgradesOf(pool.currentOrchestratorVersion).filter((u) => u.kubernetesVersion <= c.currentKubernetesVersion || u.kubernetesVersion.length < c.currentKubernetesVersion.length);
    return {
      status: 200,
      body: {
        id: `${pool.id}/upgradeprofiles/default`,
        name: "default",
        type: "Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles",
        properties: { kubernetesVersion: pool.currentOrchestratorVersion, osType: String(pool.spec["osType"] ?? "Linux"), upgrades, latestNodeImageVersion: NODE_IMAGE_VERSION },
      },
    };
  };

  const availableAgentPoolVersions = (ctx: RequestContext): Reply => {
    const c = requireCluster(store, clusterPath(ctx));
    return {
      status: 200,
      body: {
        id: `${c.id}/availableagentpoolversions`,
        name: "default",
        type: "Microsoft.ContainerService/managedClusters/availableAgentpoolVersions",
        properties: { agentPoolVersions: versionInfos().map((v) => ({ ...(v.isDefault ? { default: true } : {}), kubernetesVersion: v.version, ...(v.isPreview ? { isPreview: true } : {}) })) },
      },
    };
  };

  /**
   * CredentialResults with one base64 kubeconfig for the cluster's Kubernetes API: its API server
   * name (https://{fqdn}:443) when the request came through proxy mode (as real AKS's), else the
   * direct form on this emulator's endpoint (https://127.0.0.1:{port}/_aksemu/kubernetes/{fqdn}).
   */
  const credentials = (role: "user" | "admin") => (ctx: RequestContext): Reply => {
    const path = clusterPath(ctx);
    const c = requireCluster(store, path);
    const user = `cluster${role === "admin" ? "Admin" : "User"}_${c.resourceGroup}_${c.name}`;
    // AKS names the admin context after the cluster too: az renames it "<name>-admin" as it merges.
    const context = c.name;
    const token = deps.issueKubeToken({ objectId: ctx.principal.objectId, clientId: ctx.principal.clientId, tenantId: ctx.principal.tenantId, origin: ctx.origin, issuedAt: c.systemData.createdAt, uti: `${c.uid}-${role}` });
    const kubeconfig = [
      "apiVersion: v1",
      "clusters:",
      "- cluster:",
      `    certificate-authority-data: ${Buffer.from(deps.caCertPem).toString("base64")}`,
      `    server: ${apiServer(ctx.origin, serverName(c, ctx.query.get("server-fqdn")))}`,
      `  name: ${c.name}`,
      "contexts:",
      "- context:",
      `    cluster: ${c.name}`,
      `    user: ${user}`,
      `  name: ${context}`,
      `current-context: ${context}`,
      "kind: Config",
      "preferences: {}",
      "users:",
      `- name: ${user}`,
      "  user:",
      `    token: ${token}`,
      "",
    ].join("\n");
    return { status: 200, body: { kubeconfigs: [{ name: role === "admin" ? "clusterAdmin" : "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] } };
  };

  return { kubernetesVersions, clusterUpgradeProfile, poolUpgradeProfile, availableAgentPoolVersions, userCredentials: credentials("user"), adminCredentials: credentials("admin") };
}
