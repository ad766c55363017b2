// Diagnose and solve problems over HTTP: `{cluster}/detectors` (list) and `/detectors/{name}` as
// AKS's AppLens answers (metadata, dataset[].table of insights, status.statusId). Every detector
// is Success on a healthy cluster, Critical with seed 002's cause after the matching scenario, and
// Success again after the seed's remedy. Expected texts and ids are literals.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator, type HttpResult } from "../support/emulator.js";
import { advance, apPath, assertAksError, assertGatewayError, assertStatus, clusterBody, createCluster, mcPath, putToEnd, q, refreshing, systemPool } from "./helpers.js";

const DETECTOR_API = "2024-08-01";
const COMPUTE_API = "2026-03-01";
const PROVIDERS_API = "2022-09-01";
// AppLens's InsightStatus, by statusId.
const STATUS = ["Critical", "Warning", "Info", "Success", "None"];
const IDS = [
  "provisioning-state-check", "cluster-failed-state", "vcpu-quota-exceeded", "vm-allocation-failure", "public-ip-count-limit", "subscription-state",
  "provider-registration", "node-vm-failed-state", "subnet-is-full", "outbound-connectivity", "log-analytics-workspace", "virtual-network-dns", "load-balancer-invalid-reference", "infrastructure-issues", "policy-denied", "authorization-failed",
  "resource-locks", "private-dns-zone", "kube-system-pods",
];
const COLUMNS = ["Status", "Message", "Data.Name", "Data.Value", "Expanded", "Solutions"];

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
});
after(() => emu.close());

const detector = (rg: string, name: string, id: string, query = "", api = DETECTOR_API) => emu.request("GET", `${mcPath(rg, name)}/detectors/${id}?api-version=${api}${query}`);
const applied = async (name: string, body?: unknown) => {
  const res = await emu.request("POST", `/_aksemu/scenarios/${name}`, body === undefined ? {} : { body });
  assertStatus(res, 200);
  return res.json.applied;
};

type Insight = { status: string; message: string; data: Record<string, string>; solutions: any[] | null };
/** A detector's answer, read as a client reads it: its status and its insights (one per dataset). */
function read(res: HttpResult): { status: string; message: string | null; insights: Insight[] } {
  assertStatus(res, 200);
  const p = res.json.properties;
  const insights = (p.dataset as any[]).map((d): Insight => {
    assert.equal(d.renderingProperties.type, 7);
    assert.deepEqual(d.table.columns.map((c: any) => c.columnName), COLUMNS);
    const rows = d.table.rows as string[][];
    return {
      status: rows[0]![0]!,
      message: rows[0]![1]!,
      data: Object.fromEntries(rows.filter((r) => r[2] !== "").map((r) => [r[2], r[3]])),
      solutions: JSON.parse(rows[0]![5]!),
    };
  });
  return { status: STATUS[p.status.statusId]!, message: p.status.message, insights };
}
const statusOf = async (rg: string, name: string, id: string) => read(await detector(rg, name, id)).status;
/** Every detector's status for one cluster. */
const all = async (rg: string, name: string) => Object.fromEntries(await Promise.all(IDS.map(async (id) => [id, await statusOf(rg, name, id)] as const)));
const allSuccess = Object.fromEntries(IDS.map((id) => [id, "Success"]));
const critical = (d: ReturnType<typeof read>) => d.insights.find((i) => i.status === "Critical")!;

describe("the detectors resource", () => {
  before(() => createCluster(emu, "rg1", "c1"));

  test("GET {cluster}/detectors lists the Cluster Issues overview and every detector: metadata, not evaluated (statusId 4)", async () => {
    const res = await emu.request("GET", `${mcPath("rg1", "c1")}/detectors?api-version=${DETECTOR_API}`);
    assertStatus(res, 200);
    const value = res.json.value as any[];
    assert.deepEqual(value.map((d) => d.name), ["aks-category-cluster-issues", ...IDS]);
    const psc = value[1];
    assert.equal(psc.id, `${mcPath("rg1", "c1")}/detectors/provisioning-state-check`);
    assert.equal(psc.type, "Microsoft.ContainerService/managedClusters/detectors");
    assert.equal(psc.location, "eastus");
    assert.deepEqual(Object.keys(psc.properties.metadata).sort(), ["analysisType", "analysisTypes", "author", "category", "description", "id", "name", "score", "supportTopicList", "type", "typeId"]);
    assert.deepEqual([psc.properties.metadata.name, psc.properties.metadata.category, psc.properties.metadata.type], ["Provisioning State Check", "Cluster Issues", "Detector"]);
    assert.deepEqual(psc.properties.status, { message: null, statusId: 4 });
    assert.equal(value[0].properties.metadata.type, "CategoryOverview");
    for (const d of value) assert.equal(d.properties.metadata.category, "Cluster Issues");
  });

  test("the category overview names its detectors (dataset type 10), as aks-category-crud does", async () => {
    const res = await detector("rg1", "c1", "aks-category-cluster-issues");
    assertStatus(res, 200);
    const [d] = res.json.properties.dataset;
    assert.equal(d.renderingProperties.type, 10);
    assert.deepEqual(d.renderingProperties.detectorIds, IDS);
    assert.deepEqual(res.json.properties.status, { message: null, statusId: 4 });
  });

  test("every detector is Success on a healthy cluster; the Provisioning State Check shows the cluster and its pool", async () => {
    assert.deepEqual(await all("rg1", "c1"), allSuccess);
    const psc = read(await detector("rg1", "c1", "provisioning-state-check"));
    assert.equal(psc.message, null);
    assert.deepEqual(psc.insights.map((i) => [i.message, i.data["Provisioning state"], i.data["Power state"]]), [
      ["Managed cluster 'c1' has a provisioning state of 'Succeeded' (power state 'Running').", "Succeeded", "Running"],
      ["Agent pool 'nodepool1' has a provisioning state of 'Succeeded' (power state 'Running').", "Succeeded", "Running"],
    ]);
    assert.equal(psc.insights[1]!.data["Resource"], apPath("rg1", "c1", "nodepool1"));
    const quota = read(await detector("rg1", "c1", "vcpu-quota-exceeded"));
    assert.deepEqual(quota.insights.map((i) => [i.status, i.message, i.solutions]), [["Success", "No operation failed on a vCPU quota.", null]]);
  });

  test("the portal's and vscode-aks-tools' api-versions answer too; names compare case-insensitively", async () => {
    for (const api of ["2019-04-01", "2019-08-01"]) assert.equal(read(await detector("rg1", "c1", "Provisioning-State-Check", "", api)).status, "Success");
  });

  test("an unknown detector, a missing cluster and bad times are refused", async () => {
    assertAksError(await detector("rg1", "c1", "nope"), 404, "NotFound", "Detector 'nope' was not found for managed cluster 'c1'. GET .../detectors lists them.");
    assertStatus(await detector("rg1", "ghost", "provisioning-state-check"), 404);
    assertAksError(await detector("rg1", "c1", "cluster-failed-state", "&startTime=yesterday"), 400, "InvalidParameter",
      "The value of parameter startTime is invalid: 'yesterday'. Give an ISO 8601 UTC time, such as 2026-03-01T10:00:00Z.", "startTime");
    const r = await detector("rg1", "c1", "cluster-failed-state", "&startTime=2026-03-02T00:00:00Z&endTime=2026-03-01T00:00:00Z");
    assertAksError(r, 400, "InvalidParameter", "The value of parameter endTime is invalid: it must be after startTime (2026-03-02T00:00:00.000Z).", "endTime");
  });
});

describe("seed 002 causes: Critical after the scenario, Success after the remedy", () => {
  after(async () => {
    await emu.request("DELETE", "/_aksemu/compute/quotas/eastus");
    await emu.request("DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3");
  });

  test("vcpu-quota-exceeded: QuotaExceeded with the quota's usage and limit; raising the quota and reconciling clears it", async () => {
    await createCluster(emu, "rg1", "cq", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 2 })] } }));
    const set = await applied("quota-exceeded-on-scale", { resourceGroup: "rg1", cluster: "cq" });
    const failed = await putToEnd(emu, apPath("rg1", "cq", "nodepool1"), { properties: { count: 3, mode: "System", vmSize: "Standard_DS2_v2" } });
    assert.equal(failed.error.code, "QuotaExceeded");
    const d = read(await detector("rg1", "cq", "vcpu-quota-exceeded"));
    assert.equal(d.status, "Critical");
    const i = critical(d);
    assert.equal(i.message, `PutAgentPool failed with QuotaExceeded: the VMs it needs exceed the vCPU quota 'cores' in eastus (current usage ${set.currentUsage}, limit ${set.limit}).`);
    assert.equal(d.message, i.message);
    assert.equal(i.data["Cause"], "QuotaExceeded error: This error indicates that the operation exceeds the quota limit for a resource type or a region.");
    assert.deepEqual([i.data["Quota"], i.data["Current usage"], i.data["Current limit"], i.data["Limit the operation needed"], i.data["Error code"]], ["cores", String(set.currentUsage), String(set.limit), String(set.currentUsage + 2), "QuotaExceeded"]);
    assert.match(i.data["Error message"]!, /^Create or update VMSS .+ failed\. Operation could not be completed as it results in exceeding approved Total Regional Cores quota\./);
    assert.deepEqual(i.solutions![0].ActionArgs.commands, [
      "az vm list-usage --location eastus -o table",
      `PUT /_aksemu/compute/quotas/eastus {"limits": {"cores": ${set.currentUsage + 2}}}   (the emulator's quota increase)`,
      `az resource update --ids ${mcPath("rg1", "cq")}`,
    ]);
    // The same failure, seen by the generic detector and the Provisioning State Check.
    assert.equal(await statusOf("rg1", "cq", "cluster-failed-state"), "Critical");
    const psc = read(await detector("rg1", "cq", "provisioning-state-check"));
    assert.deepEqual(psc.insights.map((x) => [x.status, x.data["Provisioning state"], x.data["Error code"]]), [["Success", "Succeeded", undefined], ["Critical", "Failed", "QuotaExceeded"]]);

    assertStatus(await emu.request("PUT", "/_aksemu/compute/quotas/eastus", { body: { limits: { cores: 100 } } }), 200);
    assert.equal((await putToEnd(emu, mcPath("rg1", "cq"), clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 3 })] } }))).status, "Succeeded");
    assert.deepEqual(await all("rg1", "cq"), allSuccess);
    // The recovered failure stays in the check's history of the time range.
    assert.equal(read(await detector("rg1", "cq", "provisioning-state-check")).insights[1]!.data["Error code"], "QuotaExceeded");
    assertStatus(await emu.request("DELETE", "/_aksemu/compute/quotas/eastus"), 204);
  });

  test("vm-allocation-failure: ZonalAllocationFailed with the capacity left; capacity back and a reconcile clear it", async () => {
    await createCluster(emu, "rg1", "cz", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 3, vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] })] } }));
    await applied("zonal-allocation-failed", { resourceGroup: "rg1", cluster: "cz" });
    await putToEnd(emu, apPath("rg1", "cz", "nodepool1"), { properties: { count: 4, mode: "System", vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] } });
    const d = read(await detector("rg1", "cz", "vm-allocation-failure"));
    assert.equal(d.status, "Critical");
    const i = critical(d);
    assert.equal(i.message, "PutAgentPool failed with ZonalAllocationFailed: eastus has no capacity left for Standard_D4s_v3 in the pool's zones.");
    assert.equal(i.data["Cause"], "AllocationFailed or ZonalAllocationFailed error: VM allocation failure due to no zonal/regional capacity");
    assert.equal(i.data["Agent pools"], "nodepool1 (Standard_D4s_v3, zones 1,2,3)");
    assert.equal(i.data["Capacity of Standard_D4s_v3 in eastus"], "holds zone 1: 0, zone 2: 0, zone 3: 0; placed zone 1: 1, zone 2: 1, zone 3: 1");
    assert.ok(i.solutions![0].ActionArgs.commands.includes("DELETE /_aksemu/compute/capacity/eastus/Standard_D4s_v3   (the emulator's stand-in for capacity coming back)"));
    assert.equal(await statusOf("rg1", "cz", "vcpu-quota-exceeded"), "Success", "not a quota failure");

    assertStatus(await emu.request("DELETE", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3"), 204);
    assert.equal((await putToEnd(emu, mcPath("rg1", "cz"), clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 4, vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] })] } }))).status, "Succeeded");
    assert.deepEqual(await all("rg1", "cz"), allSuccess);
  });

  test("subscription-state: Disabled is Critical (reads still work), Warned a Warning; Enabled again is Success", async () => {
    await createCluster(emu, "rg1", "cs");
    await applied("subscription-disabled");
    assertGatewayError(await emu.request("PUT", q(mcPath("rg1", "cs")), { body: clusterBody() }), 409, "ReadOnlyDisabledSubscription", /is disabled and therefore marked as read only/);
    const d = read(await detector("rg1", "cs", "subscription-state"));
    assert.equal(d.status, "Critical");
    const i = critical(d);
    assert.equal(i.message, `The subscription '${SUB}' is disabled and read-only: every write (create, scale, upgrade, delete) is refused with ReadOnlyDisabledSubscription.`);
    assert.equal(i.data["Cause"], "ReadOnlyDisabledSubscription error: This error indicates that the subscription is currently disabled and set to read-only.");
    assert.deepEqual([i.data["State"], i.data["Writes refused in the time range"], i.data["Error code"]], ["Disabled", "1", "ReadOnlyDisabledSubscription"]);
    assertStatus(await emu.request("PUT", `/_aksemu/subscriptions/${SUB}`, { body: { state: "Warned" } }), 200);
    assert.equal(await statusOf("rg1", "cs", "subscription-state"), "Warning");
    assertStatus(await emu.request("PUT", `/_aksemu/subscriptions/${SUB}`, { body: { state: "Enabled" } }), 200);
    assert.equal((await putToEnd(emu, mcPath("rg1", "cs"), clusterBody())).status, "Succeeded");
    assert.deepEqual(await all("rg1", "cs"), allSuccess);
  });

  for (const [scenario, namespace] of [["compute-provider-not-registered", "Microsoft.Compute"], ["network-provider-not-registered", "Microsoft.Network"]] as const) {
    test(`provider-registration: ${namespace} unregistered is Critical with the refused write; registering clears it`, async () => {
      await applied(scenario);
      assertStatus(await emu.request("PUT", q(apPath("rg1", "cs", "nodepool1")), { body: { properties: { count: 4, mode: "System", vmSize: "Standard_DS2_v2" } } }), 409);
      const d = read(await detector("rg1", "cs", "provider-registration"));
      assert.equal(d.status, "Critical");
      const i = critical(d);
      assert.equal(i.message, `The subscription is not registered for ${namespace} (Unregistered): writes that need it are refused.`);
      assert.deepEqual([i.data["Namespace"], i.data["Registration state"], i.data["Error code"]], [namespace, "Unregistered", "SubscriptionNotRegistered"]);
      assert.deepEqual(i.solutions![0].ActionArgs.commands, [`az provider register --namespace ${namespace} --wait`, `az resource update --ids ${mcPath("rg1", "cs")}`]);
      assertStatus(await emu.request("POST", q(`/subscriptions/${SUB}/providers/${namespace}/register`, PROVIDERS_API)), 200);
      assert.equal(await statusOf("rg1", "cs", "provider-registration"), "Warning", "Registering");
      await advance(emu, "PT10S");
      assert.equal(await statusOf("rg1", "cs", "provider-registration"), "Success");
    });
  }

  test("provider-registration for Microsoft.ContainerService itself: ARM refuses the detectors too until it is registered", async () => {
    await applied("provider-not-registered");
    assertGatewayError(await detector("rg1", "cs", "provider-registration"), 409, "MissingSubscriptionRegistration", /namespace 'Microsoft.ContainerService'/);
    assertStatus(await emu.request("POST", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/register`, PROVIDERS_API)), 200);
    await advance(emu, "PT10S");
    assert.equal(await statusOf("rg1", "cs", "provider-registration"), "Success");
  });

  test("node-vm-failed-state (Scenario 2): the failed VM with az vmss update-instances; manualupgrade clears it", async () => {
    await createCluster(emu, "rg1", "cvm");
    const set = await applied("node-vm-failed-disk-detach", { resourceGroup: "rg1", cluster: "cvm" });
    const d = read(await detector("rg1", "cvm", "node-vm-failed-state"));
    assert.equal(d.status, "Critical");
    const i = critical(d);
    const vmss = String(set.scaleSet).split("/").pop();
    assert.equal(i.message, `Node VM '${vmss}_${set.instanceId}' of agent pool 'nodepool1' is in a failed state: AttachDiskWhileBeingDetached.`);
    assert.equal(i.data["Cause"], "Scenario 2: Node is in a failed state: In rare cases, an Azure Disk detach operation may partially fail, which leaves the node VM in a failed state.");
    assert.equal(i.data["VM"], `${set.scaleSet}/virtualMachines/${set.instanceId}`);
    assert.equal(i.data["Data disks being detached"], set.disk);
    assert.deepEqual(i.solutions![0].ActionArgs.commands, [`az vmss update-instances --resource-group MC_rg1_cvm_eastus --name ${vmss} --instance-id ${set.instanceId}`]);
    assert.equal(await statusOf("rg1", "cvm", "cluster-failed-state"), "Success", "the cluster itself is not Failed");
    assertStatus(await emu.request("POST", q(`${set.scaleSet}/manualupgrade`, COMPUTE_API), { body: { instanceIds: [String(set.instanceId)] } }), 202);
    await advance(emu, "PT1M");
    assert.deepEqual(await all("rg1", "cvm"), allSuccess);
  });

  test("infrastructure-issues: ReconcileVMSSAgentPoolFailed; a pool reconcile is not enough, the cluster reconcile is", async () => {
    await createCluster(emu, "rg1", "ci");
    await applied("infrastructure-transient", { resourceGroup: "rg1", cluster: "ci" });
    const failed = await putToEnd(emu, mcPath("rg1", "ci"), clusterBody());
    assert.equal(failed.error.code, "ReconcileVMSSAgentPoolFailed");
    const d = read(await detector("rg1", "ci", "infrastructure-issues"));
    assert.equal(d.status, "Critical");
    const i = critical(d);
    assert.equal(i.message, "PutManagedCluster failed with ReconcileVMSSAgentPoolFailed (Internal server error): an internal issue, not a setting of yours.");
    assert.equal(i.data["Cause"], "Infrastructure issues: The operation can't update the cluster because of an internal issue with the Azure Resource Manager (ARM) service that manages resources in Azure.");
    assert.deepEqual(i.solutions![0].ActionArgs.commands, ["az aks nodepool update -g rg1 --cluster-name ci -n nodepool1", `az resource update --ids ${mcPath("rg1", "ci")}`]);
    const failedState = critical(read(await detector("rg1", "ci", "cluster-failed-state")));
    assert.equal(failedState.message, "Managed cluster 'ci' is in a failed state: PutManagedCluster failed with ReconcileVMSSAgentPoolFailed.");
    assert.equal(failedState.data["Cause"], "Scenario 1: Cluster is in a failed state: To resolve this issue, get the operation that causes the failure and figure out the error.");

    assert.equal((await putToEnd(emu, apPath("rg1", "ci", "nodepool1"), { properties: { count: 3, mode: "System", vmSize: "Standard_DS2_v2" } })).status, "Succeeded");
    assert.equal(await statusOf("rg1", "ci", "infrastructure-issues"), "Critical", "the cluster is still Failed");
    assert.equal((await putToEnd(emu, mcPath("rg1", "ci"), clusterBody())).status, "Succeeded");
    assert.deepEqual(await all("rg1", "ci"), allSuccess);
  });

  test("startTime and endTime bound what is judged: a failure before the range is not reported", async () => {
    await createCluster(emu, "rg1", "ct");
    await applied("infrastructure-transient", { resourceGroup: "rg1", cluster: "ct" });
    await putToEnd(emu, mcPath("rg1", "ct"), clusterBody());
    const nowMs = Date.parse((await emu.request("GET", "/_aksemu/clock")).json.now);
    assert.equal(await statusOf("rg1", "ct", "infrastructure-issues"), "Critical");
    const later = `&startTime=${new Date(nowMs + 1000).toISOString()}&endTime=${new Date(nowMs + 3600_000).toISOString()}`;
    assert.equal(read(await detector("rg1", "ct", "infrastructure-issues", later)).status, "Success");
    const psc = read(await detector("rg1", "ct", "provisioning-state-check", later));
    assert.equal(psc.status, "Critical", "the state is now's");
    assert.equal(psc.insights[0]!.data["Error code"], undefined, "the failed operation is outside the range");
  });
});

