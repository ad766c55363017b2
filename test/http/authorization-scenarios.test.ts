// The RBAC scenarios (authorization-failed, linked-authorization-failed) and the detectors of
// Microsoft.Authorization (authorization-failed, resource-locks, policy-denied) and Log Analytics
// (log-analytics-workspace) over HTTP: each cause → the exact code and text, the activity log's
// Failed event, the detector's Critical finding naming who/what/where and the remedy → the remedy →
// Succeeded, and the detector back to Success. Expected texts are literals (ERROR-TEXTS.md §7, §12, §13).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, TENANT, type Emulator, type HttpResult } from "../support/emulator.js";
import { startEmulator } from "../support/emulator.js";
import { AUTH_API, authorizationFailed, ROLES } from "../support/rbac.js";
import { apPath, assertStatus, clusterBody, createCluster, finish, header, mcPath, mintToken, putToEnd, q, refreshing, rgPath, systemPool } from "./helpers.js";
import { detectorAnswer } from "./network-helpers.js";

const S = `/subscriptions/${SUB}`;
const AUTH = "/providers/Microsoft.Authorization";
const LOG = `${S}/providers/Microsoft.Insights/eventtypes/management/values`;
const NET = "2025-09-01";
const OI_API = "2022-10-01";
const SUBNET = `${rgPath("net")}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`;

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await emu.createGroup("net");
  const vnet = await emu.request("PUT", q(`${rgPath("net")}/providers/Microsoft.Network/virtualNetworks/vnet`, NET), {
    body: { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.9.0.0/16"] }, subnets: [{ name: "nodes", properties: { addressPrefix: "10.9.0.0/24" } }] } },
  });
  assert.ok(vnet.status === 201, vnet.text);
  await finish(emu, String(header(vnet, "azure-asyncoperation")), "PT5S");
});
after(() => emu.close());

const scenario = async (name: string, body: unknown) => {
  const res = await emu.request("POST", `/_aksemu/scenarios/${name}`, { body });
  assertStatus(res, 200);
  return res.json;
};
/** A management token for a principal the scenario made, from its answer's credentials. */
async function tokenOf(p: { clientId: string; clientSecret: string }): Promise<string> {
  const res = await mintToken(emu, TENANT, p.clientId, p.clientSecret);
  assertStatus(res, 200);
  return res.json.access_token;
}
async function failedEventsOn(resourceId: string): Promise<any[]> {
  const filter = `eventTimestamp ge '${new Date(0).toISOString()}' and status eq 'Failed' and resourceUri eq '${resourceId}'`;
  const res = await emu.request("GET", `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`);
  assertStatus(res, 200);
  return res.json.value;
}
const assign = async (scope: string, name: string, role: keyof typeof ROLES, principalId: string) => {
  const res = await emu.request("PUT", q(`${scope}${AUTH}/roleAssignments/${name}`, AUTH_API), { body: { properties: { roleDefinitionId: `${S}${AUTH}/roleDefinitions/${ROLES[role]}`, principalId, principalType: "ServicePrincipal" } } });
  assertStatus(res, 201);
};
const asPrincipal = (token: string, method: string, path: string, body?: unknown): Promise<HttpResult> => emu.request(method, q(path), { auth: token, ...(body !== undefined ? { body } : {}) });

describe("scenario authorization-failed", () => {
  test("a principal with Reader on the group reads the cluster; its scale is 403 AuthorizationFailed (logged Failed, detected); AKS Contributor on the cluster, then the retry, succeeds", async () => {
    await createCluster(emu, "rg1", "c1");
    const first = await scenario("authorization-failed", { resourceGroup: "rg1", cluster: "c1" });
    const again = await scenario("authorization-failed", { resourceGroup: "rg1", cluster: "c1" });
    assert.deepEqual(again.applied, first.applied, "applied twice: the same principal and assignment");
    const p = first.applied.principal;
    assert.deepEqual([first.applied.role, first.applied.scope, first.sees.code], ["Reader", rgPath("rg1"), "AuthorizationFailed"]);
    const listed = await emu.request("GET", "/_aksemu/principals");
    assert.equal((listed.json.value as any[]).filter((x) => x.clientId === p.clientId).length, 1, "the principal is in the directory once");
    const token = await tokenOf(p);

    assertStatus(await asPrincipal(token, "GET", mcPath("rg1", "c1")), 200);
    const scaled = clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 4 })] } });
    const refused = await asPrincipal(token, "PUT", mcPath("rg1", "c1"), scaled);
    assertStatus(refused, 403);
    assert.deepEqual(refused.json, { error: { code: "AuthorizationFailed", message: authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/write", mcPath("rg1", "c1")) } });
    const pool = await asPrincipal(token, "PUT", apPath("rg1", "c1", "nodepool1"), { properties: { count: 4, vmSize: "Standard_DS2_v2", mode: "System" } });
    assert.equal(pool.json.error.message, authorizationFailed(p.objectId, "Microsoft.ContainerService/managedClusters/agentPools/write", apPath("rg1", "c1", "nodepool1")));
    const events = await failedEventsOn(mcPath("rg1", "c1"));
    assert.equal(events.length, 1);
    assert.equal(events[0].caller, p.objectId);
    assert.equal(JSON.parse(events[0].properties.statusMessage).error.code, "AuthorizationFailed");
    assert.equal((await emu.request("GET", q(mcPath("rg1", "c1")))).json.properties.provisioningState, "Succeeded", "a refused write changes nothing");

    const found = await detectorAnswer(emu, "rg1", "c1", "authorization-failed");
    assert.equal(found.status, "Critical");
    assert.equal(found.insights.length, 2, "one finding per refused write (the cluster's and the pool's)");
    const cluster = found.insights.find((i) => i.data["Action"] === "Microsoft.ContainerService/managedClusters/write")!;
    assert.equal(cluster.message, `The principal '${p.objectId}' has no role assignment that grants 'Microsoft.ContainerService/managedClusters/write' over '${mcPath("rg1", "c1")}': its writes are refused with AuthorizationFailed.`);
    assert.deepEqual([cluster.data["Principal (object id)"], cluster.data["Scope"], cluster.data["Error code"], cluster.data["Caller"]], [p.objectId, mcPath("rg1", "c1"), "AuthorizationFailed", p.objectId]);
    assert.equal(cluster.commands[0], `az role assignment create --assignee-object-id ${p.objectId} --assignee-principal-type ServicePrincipal --role "Azure Kubernetes Service Contributor Role" --scope ${mcPath("rg1", "c1")}`);

    // The remedy: a role that grants the writes, at the cluster; then the retries go through.
    await assign(mcPath("rg1", "c1"), "eeeeeeee-0000-4000-8000-0000000000c1", "Azure Kubernetes Service Contributor Role", p.objectId);
    const retried = await asPrincipal(token, "PUT", mcPath("rg1", "c1"), scaled);
    assertStatus(retried, 200);
    const st = await finish(emu, String(header(retried, "azure-asyncoperation")));
    assert.equal(st.status, "Succeeded");
    const poolRetry = await asPrincipal(token, "PUT", apPath("rg1", "c1", "nodepool1"), { properties: { count: 4, vmSize: "Standard_DS2_v2", mode: "System" } });
    assertStatus(poolRetry, 200);
    await finish(emu, String(header(poolRetry, "azure-asyncoperation")));
    assert.equal((await detectorAnswer(emu, "rg1", "c1", "authorization-failed")).status, "Success");
  });
});

describe("scenario linked-authorization-failed", () => {
  test("needs a pool on a subnet of yours: a 400 that says so", async () => {
    await createCluster(emu, "rg1", "managed");
    const res = await emu.request("POST", "/_aksemu/scenarios/linked-authorization-failed", { body: { resourceGroup: "rg1", cluster: "managed" } });
    assertStatus(res, 400);
    assert.equal(res.json.error.message, "'linked-authorization-failed' needs a pool on a subnet of yours (vnetSubnetID): no agent pool of 'managed' is.");
  });

  test("AKS Contributor on the group, nothing on the subnet: a scale is 403 LinkedAuthorizationFailed (detected); Contributor on the subnet, then the retry, succeeds", async () => {
    const body = clusterBody({ properties: { networkProfile: { networkPlugin: "kubenet" }, agentPoolProfiles: [systemPool({ count: 2, vnetSubnetID: SUBNET })] } });
    await createCluster(emu, "rg1", "c2", body);
    const applied = (await scenario("linked-authorization-failed", { resourceGroup: "rg1", cluster: "c2" })).applied;
    assert.deepEqual([applied.role, applied.pool, applied.subnet], ["Azure Kubernetes Service Contributor Role", "nodepool1", SUBNET]);
    const token = await tokenOf(applied.principal);
    const oid = applied.principal.objectId;
    const pool = { properties: { count: 3, vmSize: "Standard_DS2_v2", mode: "System", vnetSubnetID: SUBNET } };
    const refused = await asPrincipal(token, "PUT", apPath("rg1", "c2", "nodepool1"), pool);
    assertStatus(refused, 403);
    const action = "Microsoft.ContainerService/managedClusters/agentPools/write";
    assert.deepEqual(refused.json, {
      error: {
        code: "LinkedAuthorizationFailed",
        message: `The client '${oid}' with object id '${oid}' has permission to perform action '${action}' on scope '${apPath("rg1", "c2", "nodepool1")}'; however, it does not have permission to perform action 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '${SUBNET}' or the linked scope(s) are invalid.`,
      },
    });
    const found = await detectorAnswer(emu, "rg1", "c2", "authorization-failed");
    assert.equal(found.status, "Critical");
    const [i] = found.insights;
    assert.deepEqual([i!.data["Linked action"], i!.data["Linked scope"], i!.data["Action"]], ["Microsoft.Network/virtualNetworks/subnets/join/action", SUBNET, action]);
    assert.equal(i!.commands[0], `az role assignment create --assignee-object-id ${oid} --assignee-principal-type ServicePrincipal --role "Network Contributor" --scope ${SUBNET}`);

    await assign(SUBNET, "eeeeeeee-0000-4000-8000-0000000000c2", "Contributor", oid);
    const retried = await asPrincipal(token, "PUT", apPath("rg1", "c2", "nodepool1"), pool);
    assertStatus(retried, 200);
    assert.equal((await finish(emu, String(header(retried, "azure-asyncoperation")))).status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "c2", "authorization-failed")).status, "Success");
  });
});

describe("the guard rails' detectors", () => {
  test("resource-locks: a scale-down stopped by the node resource group's lock names it (Critical); the lock deleted, Warning until the pool reconcile, then Success", async () => {
    await createCluster(emu, "rg1", "c3");
    assert.equal((await detectorAnswer(emu, "rg1", "c3", "resource-locks")).status, "Success");
    await scenario("node-resource-group-locked", { resourceGroup: "rg1", cluster: "c3" });
    const down = await putToEnd(emu, apPath("rg1", "c3", "nodepool1"), { properties: { count: 2, vmSize: "Standard_DS2_v2", mode: "System" } });
    assert.equal(down.error.code, "ResourceGroupLocked");
    const node = rgPath("MC_rg1_c3_eastus");
    const lockId = `${node}${AUTH}/locks/node-resource-group-lock`;
    const found = await detectorAnswer(emu, "rg1", "c3", "resource-locks");
    assert.equal(found.status, "Critical");
    const [i] = found.insights;
    assert.match(i!.message, /^PutAgentPool of nodepool1 is stopped by the management lock 'node-resource-group-lock' \(CanNotDelete\) on \/subscriptions\/[^ ]+\/resourceGroups\/MC_rg1_c3_eastus\.$/);
    assert.deepEqual([i!.data["Lock"], i!.data["Level"], i!.data["Scope"], i!.data["Error code"]], [lockId, "CanNotDelete", node, "ResourceGroupLocked"]);
    assert.deepEqual(i!.commands, ["az lock delete --name node-resource-group-lock --resource-group MC_rg1_c3_eastus", "az aks nodepool update -g rg1 --cluster-name c3 -n nodepool1", `az resource update --ids ${mcPath("rg1", "c3")}`]);
    assertStatus(await emu.request("DELETE", q(lockId, "2020-05-01")), 200);
    assert.equal((await detectorAnswer(emu, "rg1", "c3", "resource-locks")).status, "Warning");
    const retried = await putToEnd(emu, apPath("rg1", "c3", "nodepool1"), { properties: { count: 2, vmSize: "Standard_DS2_v2", mode: "System" } });
    assert.equal(retried.status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "c3", "resource-locks")).status, "Success");
  });

  test("policy-denied: a reconcile denied at the pool's scale set names the assignment and definition (Critical); an exemption turns it Warning, the reconcile Success", async () => {
    await createCluster(emu, "rg1", "c4");
    await scenario("policy-denies-node-scale-set", { resourceGroup: "rg1", cluster: "c4" });
    const st = await putToEnd(emu, mcPath("rg1", "c4"), clusterBody());
    assert.equal(st.error.code, "RequestDisallowedByPolicy");
    const node = rgPath("MC_rg1_c4_eastus");
    const assignment = `${node}${AUTH}/policyAssignments/allowed-scale-set-skus`;
    const found = await detectorAnswer(emu, "rg1", "c4", "policy-denied");
    assert.equal(found.status, "Critical");
    const [i] = found.insights;
    assert.match(i!.message, /^PutManagedCluster of c4(, nodepool1)? is denied by Azure Policy: assignment 'Allowed virtual machine scale set SKUs' \(definition '[^']+'\) at \/subscriptions\/[^ ]+\/resourceGroups\/MC_rg1_c4_eastus\.$/);
    assert.deepEqual([i!.data["Policy assignment"], i!.data["Assignment name"], i!.data["Enforcement mode"], i!.data["Denied at"]], [assignment, "allowed-scale-set-skus", "Default", node]);
    assert.deepEqual(i!.commands.slice(0, 3), [
      `az policy exemption create --name <exemption> --policy-assignment ${assignment} --exemption-category Waiver --scope ${node}`,
      `az policy assignment update --name allowed-scale-set-skus --scope ${node} --not-scopes ${node}`,
      `az policy assignment update --name allowed-scale-set-skus --scope ${node} --enforcement-mode DoNotEnforce`,
    ]);
    const ex = await emu.request("PUT", q(`${node}${AUTH}/policyExemptions/sku-waiver`, "2020-07-01-preview"), { body: { properties: { policyAssignmentId: assignment, exemptionCategory: "Waiver" } } });
    assertStatus(ex, 201);
    assert.equal((await detectorAnswer(emu, "rg1", "c4", "policy-denied")).status, "Warning");
    assert.equal((await putToEnd(emu, mcPath("rg1", "c4"), clusterBody())).status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "c4", "policy-denied")).status, "Success");
  });

  test("log-analytics-workspace: Warning once the workspace is gone, Critical when a scale failed on it; re-created, Warning until the reconcile, then Success", async () => {
    await emu.createGroup("rg-logs");
    const ws = `${rgPath("rg-logs")}/providers/Microsoft.OperationalInsights/workspaces/logs`;
    assertStatus(await emu.request("PUT", q(ws, OI_API), { body: { location: "eastus" } }), 201);
    const monitored = (count: number) => clusterBody({ properties: { agentPoolProfiles: [systemPool({ count })], addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: ws } } } } });
    await createCluster(emu, "rg1", "c5", monitored(3));
    assert.equal((await detectorAnswer(emu, "rg1", "c5", "log-analytics-workspace")).status, "Success");
    await scenario("log-analytics-workspace-missing", { resourceGroup: "rg1", cluster: "c5" });
    const before = await detectorAnswer(emu, "rg1", "c5", "log-analytics-workspace");
    assert.equal(before.status, "Warning");
    assert.equal(before.insights[0]!.message, `The monitoring addon's Log Analytics workspace '${ws}' does not exist: the cluster's next update, scale or upgrade will fail with GetLogAnalyticsWorkspaceError.`);
    const st = await putToEnd(emu, mcPath("rg1", "c5"), monitored(4));
    assert.equal(st.error.code, "GetLogAnalyticsWorkspaceError");
    const found = await detectorAnswer(emu, "rg1", "c5", "log-analytics-workspace");
    assert.equal(found.status, "Critical");
    const [i] = found.insights;
    assert.equal(i!.data["Workspace"], ws);
    assert.match(i!.data["Workspace state"]!, /^deleted at \S+ \(recoverable until \S+\)$/);
    assert.deepEqual(i!.commands, ["az monitor log-analytics workspace create -g rg-logs -n logs -l eastus", "az aks disable-addons -a monitoring -g rg1 -n c5", `az resource update --ids ${mcPath("rg1", "c5")}`]);
    assertStatus(await emu.request("PUT", q(ws, OI_API), { body: { location: "eastus" } }), 201);
    assert.equal((await detectorAnswer(emu, "rg1", "c5", "log-analytics-workspace")).status, "Warning");
    assert.equal((await putToEnd(emu, mcPath("rg1", "c5"), monitored(4))).status, "Succeeded");
    assert.equal((await detectorAnswer(emu, "rg1", "c5", "log-analytics-workspace")).status, "Success");
  });
});
