// RBAC's scenarios (issue 10's "RBAC that lacks an action", seed 002's customer imposed
// restrictions): a service principal added to the directory with a role that does not grant what
// a scale needs. `authorization-failed`: Reader on the cluster's group, so every write on the
// cluster is refused at ARM's gate (403 AuthorizationFailed); `linked-authorization-failed`: the
// Azure Kubernetes Service Contributor Role there, which writes clusters but cannot join the
// pool's subnet (403 LinkedAuthorizationFailed). The principal, its secret and its assignment are
// derived from the cluster's id, so applying again leaves the same world (assignments added since,
// such as the remedy's, stay). `run-command-forbidden` (seed 003's cause 3): the Azure Kubernetes
// Service Cluster User Role on the cluster, which gets credentials but holds neither
// runCommand/action nor commandResults/read; on a Microsoft Entra ID cluster the command then runs as
// that principal, whom no Kubernetes RBAC binding names yet.
import { createHash } from "node:crypto";
import { badRequest, SEED_RUN_COMMAND, type Scenario, type ScenarioCluster, type ScenarioOutcome, type ScenarioPrincipal } from "../../scenario.js";
import { builtInRoleNamed } from "./domain/definitions.js";
import { assignmentId, assignmentKey, rbacStamp, type RoleAssignmentRecord } from "./domain/records.js";

const AUTH_API = "2022-04-01";

/** A GUID (version 4 form) derived from `seed`: the same every time. */
function derivedGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const principalFor = (scenario: string, cluster: ScenarioCluster): ScenarioPrincipal => {
  const seed = `aksemu scenario ${scenario} ${cluster.id.toLowerCase()}`;
  return {
    objectId: derivedGuid(`${seed} object`),
    clientId: derivedGuid(`${seed} client`),
    clientSecret: createHash("sha256").update(`${seed} secret`).digest("base64url").slice(0, 32),
    displayName: `aksemu ${scenario} ${cluster.name}`,
  };
};

// Made by the control API, not by a principal: ARM's createdBy holds an object id; the empty GUID stands in.
const EMULATOR = "00000000-0000-0000-0000-000000000000";

/** The principal, and `role` assigned to it at `scope` (kept as it was when it already exists). */
function grant(read: Parameters<Scenario["apply"]>[0], scenario: string, subscriptionId: string, cluster: ScenarioCluster, role: string, scope: string, now: number) {
  const principal = principalFor(scenario, cluster);
  const name = derivedGuid(`aksemu scenario ${scenario} ${cluster.id.toLowerCase()} assignment`);
  const id = assignmentId(scope, name);
  const existing = read.get<RoleAssignmentRecord>("meta", assignmentKey(id));
  const record: RoleAssignmentRecord = {
    kind: "roleAssignment", id, name, scope, subscriptionId, roleDefinitionName: builtInRoleNamed(role).name,
    principalId: principal.objectId, principalType: "ServicePrincipal",
    createdOn: existing?.createdOn ?? now, updatedOn: existing?.updatedOn ?? now, createdBy: EMULATOR, updatedBy: EMULATOR,
  };
  return { principal, id, change: { meta: [[assignmentKey(id), record] as const, rbacStamp()] } };
}

const groupOf = (subscriptionId: string, cluster: ScenarioCluster) => `/subscriptions/${subscriptionId}/resourceGroups/${cluster.resourceGroup}`;
const credentials = (p: ScenarioPrincipal) => ({ objectId: p.objectId, clientId: p.clientId, clientSecret: p.clientSecret, displayName: p.displayName });
const assignBody = (role: string, objectId: string) =>
  `'{"properties": {"roleDefinitionId": "/subscriptions/<subscription>/providers/Microsoft.Authorization/roleDefinitions/${builtInRoleNamed(role).name}", "principalId": "${objectId}", "principalType": "ServicePrincipal"}}'`;
const LOGIN = "az login --service-principal -u <clientId> -p <clientSecret> --tenant <tenant>";

const authorizationFailed: Scenario = {
  name: "authorization-failed",
  scope: "cluster",
  rank: 120,
  seed: { section: "Common causes", symptom: "AuthorizationFailed error (a role that lacks the action)", cause: "Customer imposed restrictions" },
  sets: "a new service principal (its clientId, clientSecret and objectId in the answer) with Reader on the cluster's resource group: it reads the cluster, and may not write it",
  sees: { where: `logged in as that principal (${LOGIN}), a scale (az aks scale, az aks nodepool scale), an upgrade or any other write on the cluster is refused at ARM's gate (403); reads work; the cluster stays Succeeded`, code: "AuthorizationFailed" },
  remedy: [
    `az role assignment create --assignee <objectId> --role "Azure Kubernetes Service Contributor Role" --scope <cluster id>   (Debian's az 2.45 crashes in this command: az rest --method put --url https://management.azure.com<cluster id>/providers/Microsoft.Authorization/roleAssignments/<new GUID>?api-version=${AUTH_API} --body ${assignBody("Azure Kubernetes Service Contributor Role", "<objectId>")})`,
    "then retry the write as the principal (az aks scale ...) → Succeeded",
  ],
  apply(read, t, now): ScenarioOutcome {
    const cluster = t.cluster!;
    const scope = groupOf(t.subscriptionId, cluster);
    const g = grant(read, "authorization-failed", t.subscriptionId, cluster, "Reader", scope, now);
    return { change: g.change, principals: [g.principal], applied: { principal: credentials(g.principal), role: "Reader", scope, roleAssignment: g.id, resourceId: cluster.id } };
  },
};

const linkedAuthorizationFailed: Scenario = {
  name: "linked-authorization-failed",
  scope: "cluster",
  rank: 121,
  showsPool: true,
  seed: { section: "Common causes", symptom: "LinkedAuthorizationFailed error (no permission on a linked resource: the pool's subnet)", cause: "Customer imposed restrictions" },
  sets: "a new service principal with the Azure Kubernetes Service Contributor Role on the cluster's resource group and no role on the pool's subnet (vnetSubnetID; `pool`, default the first pool on a subnet of yours)",
  sees: { where: `logged in as that principal (${LOGIN}), a write on the cluster or that pool (az aks scale, az aks nodepool scale) is refused before AKS takes it (403): it may write the cluster but not join the subnet`, code: "LinkedAuthorizationFailed" },
  remedy: [
    `az role assignment create --assignee <objectId> --role "Network Contributor" --scope <subnet id>   (aksemu has the built-ins of shared/ only: Contributor, or a custom role with Microsoft.Network/virtualNetworks/subnets/join/action; through az rest as above, with ${assignBody("Contributor", "<objectId>")})`,
    "then retry the write as the principal → Succeeded",
  ],
  apply(read, t, now): ScenarioOutcome {
    const cluster = t.cluster!;
    const pools = t.pool !== undefined ? cluster.pools.filter((p) => p.name.toLowerCase() === t.pool!.toLowerCase()) : cluster.pools;
    const pool = pools.find((p) => p.subnet !== undefined);
    if (!pool) return badRequest(`'linked-authorization-failed' needs a pool on a subnet of yours (vnetSubnetID): ${t.pool !== undefined ? `agent pool '${t.pool}' is not one` : `no agent pool of '${cluster.name}' is`}.`);
    const scope = groupOf(t.subscriptionId, cluster);
    const role = "Azure Kubernetes Service Contributor Role";
    const g = grant(read, "linked-authorization-failed", t.subscriptionId, cluster, role, scope, now);
    return { change: g.change, principals: [g.principal], applied: { principal: credentials(g.principal), role, scope, roleAssignment: g.id, pool: pool.name, subnet: pool.subnet, resourceId: cluster.id } };
  },
};

const CLUSTER_USER = "Azure Kubernetes Service Cluster User Role";
const AKS_CONTRIBUTOR = "Azure Kubernetes Service Contributor Role";

const runCommandForbidden: Scenario = {
  name: "run-command-forbidden",
  scope: "cluster",
  rank: 132,
  seed: {
    section: SEED_RUN_COMMAND,
    symptom: 'Error from server (Forbidden): namespaces is forbidden: User "<ID>" cannot list resource "<resource>" in API group "" at the cluster scope',
    cause: "Cause 3: Required roles aren't granted",
  },
  sets: `a new service principal (credentials in the answer) with the ${CLUSTER_USER} on the cluster: it may read the cluster and get its user credentials, but holds neither Microsoft.ContainerService/managedClusters/runCommand/action nor .../commandResults/read; on a Microsoft Entra ID cluster (aadProfile) no Kubernetes RBAC binding names it`,
  sees: {
    where: `logged in as that principal (${LOGIN}), az aks command invoke is refused at ARM's gate (403 AuthorizationFailed on runCommand/action); once granted, on an Entra ID cluster the command runs as that principal and kubectl's "Error from server (Forbidden): ..." is in the result's logs (exitcode=1)`,
    code: "AuthorizationFailed",
  },
  remedy: [
    `az role assignment create --assignee <objectId> --role "${AKS_CONTRIBUTOR}" --scope <cluster id>   (it holds managedClusters/*; the ${CLUSTER_USER} the seed names holds neither action in Microsoft's built-in definition; Debian's az 2.45 crashes in this command: az rest --method put --url https://management.azure.com<cluster id>/providers/Microsoft.Authorization/roleAssignments/<new GUID>?api-version=${AUTH_API} --body ${assignBody(AKS_CONTRIBUTOR, "<objectId>")})`,
    "on an Entra ID cluster, with the admin kubeconfig (az aks get-credentials --admin): kubectl create clusterrole ns-reader --verb=get,list,watch --resource=namespaces && kubectl create clusterrolebinding ns-reader --clusterrole=ns-reader --user=<objectId>",
    "then az aks command invoke again as the principal → exitcode=0",
  ],
  apply(read, t, now): ScenarioOutcome {
    const cluster = t.cluster!;
    const g = grant(read, "run-command-forbidden", t.subscriptionId, cluster, CLUSTER_USER, cluster.id, now);
    return { change: g.change, principals: [g.principal], applied: { principal: credentials(g.principal), role: CLUSTER_USER, scope: cluster.id, roleAssignment: g.id, resourceId: cluster.id, kubernetesRbac: cluster.aad === true } };
  },
};

export const RBAC_SCENARIOS: readonly Scenario[] = [authorizationFailed, linkedAuthorizationFailed, runCommandForbidden];
