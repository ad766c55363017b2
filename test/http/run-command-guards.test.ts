// Run command's guards inside the cluster (seed 003 causes 2 and 3): Azure Policy for Kubernetes
// (gatekeeper, with the azurepolicy add-on) denies the command pod with the TSG's text until the
// aks-command namespace is excluded or the cluster exempted; on a Microsoft Entra ID cluster the
// command runs as its caller and Kubernetes RBAC decides what kubectl may do.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertGatewayError, clusterBody, createCluster, header, mcPath, putGroup, q, rgPath } from "./helpers.js";
import { startEmulator, TENANT, type Emulator } from "../support/emulator.js";
import { assignRole, authorizationFailed, newPrincipal } from "../support/rbac.js";
import { kubeAccess, type KubeAccess, commandResult, invokeCommand } from "../support/run-command.js";

let emu: Emulator;
const ALLOWED_IMAGES = "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469";
const ASSIGNMENT = `${rgPath("rg-guard")}/providers/Microsoft.Authorization/policyAssignments/acr-only`;

before(async () => {
  emu = await startEmulator();
  assert.equal((await putGroup(emu, "rg-guard")).status, 201);
});
after(() => emu.close());

const invoke = (kube: KubeAccess, mc: string, command: string, auth?: string, extra?: { clusterToken?: string }) => invokeCommand(emu, kube, mc, command, auth, extra);

const resultOf = (location: string, auth?: string) => commandResult(emu, location, auth);

describe("cause 2: Azure Policy for Kubernetes", () => {
  const MC = mcPath("rg-guard", "pol1");
  let kube: KubeAccess;
  before(async () => {
    await createCluster(emu, "rg-guard", "pol1", clusterBody({ properties: { dnsPrefix: "pol1", addonProfiles: { azurepolicy: { enabled: true } } } }));
    kube = await kubeAccess(emu, "rg-guard", "pol1");
  });
  const assign = async (excluded?: string[]) => {
    const parameters: Record<string, unknown> = { allowedContainerImagesRegex: { value: "^myregistry\\.azurecr\\.io/.+$" } };
    if (excluded) parameters["excludedNamespaces"] = { value: excluded };
    const res = await emu.request("PUT", q(ASSIGNMENT, "2023-04-01"), { body: { properties: { policyDefinitionId: ALLOWED_IMAGES, parameters } } });
    assert.ok(res.status === 200 || res.status === 201, res.text);
  };

  test("the command pod is denied with gatekeeper's text; excluding aks-command lets it run", async () => {
    await assign();
    const res = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods" } });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.code, "KubernetesOperationError");
    assert.match(
      res.json.message,
      /^Failed to run command in managed cluster due to kubernetes failure\. details: admission webhook "validation\.gatekeeper\.sh" denied the request: \[denied by azurepolicy-k8sazurev2containerallowedimages-[0-9a-f]{20}\] Container image mcr\.microsoft\.com\/aks\/command\/runtime:master for container command-[0-9a-f]{32} has not been allowed\.$/,
    );
    // kubectl sees the same webhook in the cluster's own API.
    const direct = await kube.call("POST", "/api/v1/namespaces/default/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } });
    assert.equal(direct.status, 403);
    assert.match(direct.json.message, /^admission webhook "validation\.gatekeeper\.sh" denied the request: \[denied by azurepolicy-k8sazurev2containerallowedimages-[0-9a-f]{20}\] Container image nginx for container web has not been allowed\.$/);
    // Solution 2: add aks-command to the assignment's namespace exclusions.
    await assign(["kube-system", "gatekeeper-system", "azure-arc", "aks-command"]);
    const ok = await invoke(kube, MC, "kubectl get ns aks-command -o name");
    assert.equal(ok.status, 202, ok.text);
    assert.equal((await resultOf(String(header(ok, "location")))).properties.logs, "namespace/aks-command\n");
  });

  test("an exemption of the cluster (az policy exemption create --scope <cluster>) lets it run too", async () => {
    await assign();
    const denied = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods" } });
    assert.equal(denied.status, 400);
    const exemption = await emu.request("PUT", q(`${MC}/providers/Microsoft.Authorization/policyExemptions/ExemptAksCommand`, "2020-07-01-preview"), {
      body: { properties: { policyAssignmentId: ASSIGNMENT, exemptionCategory: "Waiver" } },
    });
    assert.ok(exemption.status === 200 || exemption.status === 201, exemption.text);
    const ok = await invoke(kube, MC, "kubectl get ns default -o name");
    assert.equal(ok.status, 202, ok.text);
  });
});

describe("cause 3: Kubernetes RBAC on a Microsoft Entra ID cluster", () => {
  const MC = mcPath("rg-guard", "aad1");
  let admin: KubeAccess;
  before(async () => {
    await createCluster(emu, "rg-guard", "aad1", clusterBody({ properties: { dnsPrefix: "aad1", aadProfile: { managed: true } } }));
    admin = await kubeAccess(emu, "rg-guard", "aad1", "listClusterAdminCredential");
  });

  test("the command runs as its caller: Forbidden in its logs until a RoleBinding grants it", async () => {
    const token = await emu.token();
    const oid = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")).oid as string;
    const denied = await invoke(admin, MC, "kubectl get pods");
    const r1 = await resultOf(String(header(denied, "location")));
    assert.equal(r1.properties.exitCode, 1);
    assert.equal(r1.properties.logs, `Error from server (Forbidden): pods is forbidden: User "${oid}" cannot list resource "pods" in API group "" in the namespace "default"\n`);
    // The user's own kubeconfig (listClusterUserCredential) is the same identity.
    const user = await kubeAccess(emu, "rg-guard", "aad1", "listClusterUserCredential");
    const forbidden = await user.call("GET", "/api/v1/nodes");
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.json.message, `nodes is forbidden: User "${oid}" cannot list resource "nodes" in API group "" at the cluster scope`);
    // Solution: a Role and a RoleBinding for the user.
    const role = await admin.call("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "pod-reader" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }] });
    assert.equal(role.status, 201, role.text);
    const binding = await admin.call("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "pod-reader" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" }, subjects: [{ kind: "User", name: oid, apiGroup: "rbac.authorization.k8s.io" }] });
    assert.equal(binding.status, 201, binding.text);
    const allowed = await invoke(admin, MC, "kubectl get pods");
    const r2 = await resultOf(String(header(allowed, "location")));
    assert.equal(r2.properties.exitCode, 0);
    assert.equal(r2.properties.logs, "No resources found in default namespace.\n");
  });

  test("clusterToken (what az sends on an Entra ID cluster): the command runs as the token's user, not the ARM caller; an invalid one is refused by the API server inside", async () => {
    // Another principal's token for AKS's server app, as `az account get-access-token --resource 6dae42f8-...` gets it.
    const other = await newPrincipal(emu, "kube-user");
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: other.clientId, client_secret: other.clientSecret, scope: "6dae42f8-4368-4678-94ff-3960e28e3630/.default" });
    const tok = await emu.request("POST", `/${TENANT}/oauth2/v2.0/token`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
    assert.equal(tok.status, 200, tok.text);
    const asOther = await invoke(admin, MC, "kubectl get secrets", undefined, { clusterToken: tok.json.access_token });
    const r1 = await resultOf(String(header(asOther, "location")));
    assert.equal(r1.properties.logs, `Error from server (Forbidden): secrets is forbidden: User "${other.objectId}" cannot list resource "secrets" in API group "" in the namespace "default"\n`);
    // A token for ARM, or garbage, is not one the API server takes.
    const wrongAudience = await invoke(admin, MC, "kubectl get pods", undefined, { clusterToken: other.token });
    const r2 = await resultOf(String(header(wrongAudience, "location")));
    assert.equal(r2.properties.exitCode, 1);
    // kubectl's discovery retries print client-go's lines first, as they would in the pod.
    assert.match(r2.properties.logs, /\nerror: You must be logged in to the server \(the server has asked for the client to provide credentials\)\n$/);
  });
});

describe("cause 3: ARM's RBAC", () => {
  test("without runCommand/action and commandResults/read the caller is AuthorizationFailed; Contributor lets it in", async () => {
    const MC = mcPath("rg-guard", "pol1");
    const p = await newPrincipal(emu, "no-run-command");
    await assignRole(emu, p.objectId, "Reader", rgPath("rg-guard"));
    const post = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods" }, auth: p.token });
    assertGatewayError(post, 403, "AuthorizationFailed", authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/runCommand/action", MC));
    const none = await newPrincipal(emu, "no-role");
    const get = await emu.request("GET", q(`${MC}/commandResults/0123456789abcdef0123456789abcdef`), { auth: none.token });
    assertGatewayError(get, 403, "AuthorizationFailed", authorizationFailed(none.objectId, "Microsoft.ContainerService/managedClusters/commandResults/read", `${MC}/commandResults/0123456789abcdef0123456789abcdef`));
    await assignRole(emu, p.objectId, "Contributor", MC);
    const again = await emu.request("POST", q(`${MC}/runCommand`), { body: { command: "kubectl get pods | x" }, auth: p.token });
    assert.equal(again.status, 400, again.text);
  });
});
