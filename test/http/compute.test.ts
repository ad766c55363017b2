// Microsoft.Compute as AKS uses it: the node resource group (Microsoft.Resources, managedBy the
// cluster) and one scale set per pool whose instances are the pool's nodes, created, scaled,
// stopped, started and deleted by AKS's plans through Compute's steps; vCPU usages and quotas per
// location (the control API sets them; an allocation over one fails the AKS operation with AKS's
// QuotaExceeded text, and a reconcile PUT after raising it resumes); capacity per zone and size;
// resource SKUs. Expected texts are literals here (ERROR-TEXTS.md §3 and §5, and the samples named).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { apPath, assertGatewayError, assertStatus, assertWrapped, clusterBody, createCluster, finish, header, mcPath, PREVIEW_API, q, refreshing, rgPath, RG_API, systemPool, putToEnd } from "./helpers.js";

const API = "2026-03-01"; // ComputeRP's newest stable in the specs
const SKU_API = "2021-07-01";
const COMPUTE = `/subscriptions/${SUB}/providers/Microsoft.Compute`;
const nodeGroup = (rg: string, name: string) => `MC_${rg}_${name}_eastus`;
const scaleSets = (group: string) => `${rgPath(group)}/providers/Microsoft.Compute/virtualMachineScaleSets`;

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
});
after(() => emu.close());

const get = async (path: string, apiVersion = API) => {
  const res = await emu.request("GET", q(path, apiVersion));
  assertStatus(res, 200);
  return res.json;
};
/** The node resource group's only scale set (one pool). */
const theScaleSet = async (group: string, pool = "nodepool1") => {
  const list = (await get(scaleSets(group))).value as any[];
  const found = list.filter((s) => s.tags["aks-managed-poolName"] === pool);
  assert.equal(found.length, 1, `one scale set for ${pool}: ${JSON.stringify(list.map((s) => s.name))}`);
  return found[0];
};
const instances = async (group: string, vmss: string, expand = false) =>
  (await get(`${scaleSets(group)}/${vmss}/virtualMachines${expand ? "?$expand=instanceView" : ""}`)).value as any[];
const machines = async (rg: string, name: string, pool: string) => ((await get(`${apPath(rg, name, pool)}/machines`, "2026-04-01")).value as any[]).map((m) => m.name).sort();
const latest = async (rg: string, name: string, pool?: string) => get(`${pool ? apPath(rg, name, pool) : mcPath(rg, name)}/operations/latest`, PREVIEW_API);
const putPool = (rg: string, name: string, pool: string, properties: Record<string, unknown>) => putToEnd(emu, apPath(rg, name, pool), { properties });
const putCluster = (rg: string, name: string, body: unknown) => putToEnd(emu, mcPath(rg, name), body);
const setQuota = async (limits: Record<string, unknown>, location = "eastus") => {
  const res = await emu.request("PUT", `/_aksemu/compute/quotas/${location}`, { body: { limits } });
  assertStatus(res, 200);
  return res.json;
};
const usage = async (name: string, location = "eastus") => {
  const found = ((await get(`${COMPUTE}/locations/${location}/usages`)).value as any[]).find((u) => u.name.value === name);
  assert.ok(found, `usage ${name}`);
  return [found.currentValue, found.limit];
};

/** An operation's error as the status endpoints show it (Compute's own error is nested in details; unit-tested). */
const codeAndMessage = (e: { code: string; message: string }) => ({ code: e.code, message: e.message });

// Compute's text for a quota exceeded (ERROR-TEXTS.md §3: terraform AKS create in australiaeast,
// Dec 2025, and the family form), with this emulator's subscription.
const quotaText = (o: { what: string; name: string; limit: number; usage: number; required: number; article: string }) =>
  `Operation could not be completed as it results in exceeding approved ${o.what} quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: ${o.limit}, Current Usage: ${o.usage}, Additional Required: ${o.required}, (Minimum) New Limit Required: ${o.usage + o.required}. Setup Alerts when Quota reaches threshold. Learn more at https://aka.ms/quotamonitoringalerting . Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/%7B%22subscriptionId%22:%22${SUB}%22,%22command%22:%22openQuotaApprovalBlade%22,%22quotas%22:[%7B%22location%22:%22eastus%22,%22providerId%22:%22Microsoft.Compute%22,%22resourceName%22:%22${o.name}%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:${o.usage + o.required},%22unit%22:%22Count%22,%22name%22:%7B%22value%22:%22${o.name}%22%7D%7D%7D%7D]%7D by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/${o.article}`;

describe("node resource group and scale sets", () => {
  let vmss: any;
  const group = nodeGroup("rg1", "c1");

  before(async () => {
    await createCluster(emu, "rg1", "c1", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 3 })] } }));
    vmss = await theScaleSet(group);
  });

  test("the node resource group exists, managedBy the cluster, tagged as AKS tags it", async () => {
    const g = await get(rgPath(group), RG_API);
    assert.deepEqual(g, {
      id: `/subscriptions/${SUB}/resourceGroups/${group}`,
      name: group,
      type: "Microsoft.Resources/resourceGroups",
      location: "eastus",
      tags: { "aks-managed-cluster-name": "c1", "aks-managed-cluster-rg": "rg1" },
      managedBy: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1`,
      properties: { provisioningState: "Succeeded" },
    });
    const cluster = await get(mcPath("rg1", "c1"), "2026-04-01");
    assert.equal(cluster.properties.nodeResourceGroup, group);
  });

  test("one scale set per pool, named as AKS names it, in VirtualMachineScaleSet_Get.json's shape", async () => {
    assert.match(vmss.name, /^aks-nodepool1-\d{8}-vmss$/);
    assert.equal(vmss.id, `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss.name}`);
    assert.equal(vmss.type, "Microsoft.Compute/virtualMachineScaleSets");
    assert.deepEqual(vmss.sku, { name: "Standard_DS2_v2", tier: "Standard", capacity: 3 });
    assert.equal(vmss.tags["aks-managed-orchestrator"], "Kubernetes:1.33.3");
    assert.equal(vmss.tags["aks-managed-resourceNameSuffix"], vmss.name.split("-")[2]);
    assert.match(vmss.etag, /^".+"$/);
    const p = vmss.properties;
    assert.deepEqual([p.provisioningState, p.orchestrationMode, p.upgradePolicy, p.overprovision, p.singlePlacementGroup, p.platformFaultDomainCount], ["Succeeded", "Uniform", { mode: "Manual" }, false, false, 1]);
    assert.equal(p.virtualMachineProfile.osProfile.computerNamePrefix, vmss.name);
    assert.equal(p.virtualMachineProfile.osProfile.adminUsername, "azureuser");
    assert.deepEqual(p.virtualMachineProfile.storageProfile.osDisk.diskSizeGB, 128);
    assert.match(p.virtualMachineProfile.storageProfile.imageReference.id, /\/galleries\/AKSUbuntu\/images\/2204gen2containerd\/versions\/\d+\.\d+\.\d+$/);
    assert.match(p.timeCreated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/);
    // The same through the get and the subscription-wide list.
    assert.deepEqual(await get(`${scaleSets(group)}/${vmss.name}`), vmss);
    assert.ok(((await get(`${COMPUTE}/virtualMachineScaleSets`)).value as any[]).some((s) => s.id === vmss.id));
  });

  test("its instances are the pool's nodes: computer names, instance ids, provisioning and power state", async () => {
    const vms = await instances(group, vmss.name, true);
    assert.deepEqual(vms.map((v) => v.instanceId), ["0", "1", "2"]);
    assert.deepEqual(vms.map((v) => v.properties.osProfile.computerName), await machines("rg1", "c1", "nodepool1"));
    assert.deepEqual(vms.map((v) => v.name), [0, 1, 2].map((i) => `${vmss.name}_${i}`));
    for (const v of vms) {
      assert.equal(v.id, `${vmss.id}/virtualMachines/${v.instanceId}`);
      assert.equal(v.properties.provisioningState, "Succeeded");
      assert.equal(v.properties.latestModelApplied, true);
      assert.match(v.properties.vmId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual(v.properties.instanceView.statuses.map((s: any) => s.code), ["ProvisioningState/succeeded", "PowerState/running"]);
    }
    const one = await get(`${scaleSets(group)}/${vmss.name}/virtualMachines/1`);
    assert.equal(one.properties.osProfile.computerName, `${vmss.name}000001`);
    assert.equal(one.properties.instanceView, undefined, "instanceView only on $expand");
    const view = await get(`${scaleSets(group)}/${vmss.name}/virtualMachines/1/instanceView`);
    assert.equal(view.statuses[1].displayStatus, "VM running");
    assert.deepEqual((await get(`${scaleSets(group)}/${vmss.name}/instanceView`)).virtualMachine.statusesSummary, [{ code: "ProvisioningState/succeeded", count: 3 }]);
  });

  test("usages count the nodes' vCPUs per family and in the regional total", async () => {
    const [cores, limit] = await usage("cores");
    assert.deepEqual([cores, limit], [6, 1000], "3 × Standard_DS2_v2 (2 vCPUs)");
    assert.deepEqual(await usage("standardDSv2Family"), [6, 1000]);
    assert.deepEqual(await usage("virtualMachines"), [3, 25000]);
    assert.deepEqual(await usage("virtualMachineScaleSets"), [1, 2500]);
    const all = (await get(`${COMPUTE}/locations/eastus/usages`)).value as any[];
    assert.deepEqual(all[1], { unit: "Count", currentValue: 6, limit: 1000, name: { value: "cores", localizedValue: "Total Regional vCPUs" } });
    assert.deepEqual(await usage("cores", "westeurope"), [0, 1000], "another location is untouched");
  });

  test("scale out and in act on the instances: new ids next, the newest removed", async () => {
    await putPool("rg1", "c1", "nodepool1", { count: 5, mode: "System" });
    assert.deepEqual((await instances(group, vmss.name)).map((v) => v.instanceId), ["0", "1", "2", "3", "4"]);
    assert.equal((await theScaleSet(group)).sku.capacity, 5);
    await putPool("rg1", "c1", "nodepool1", { count: 2, mode: "System" });
    assert.deepEqual((await instances(group, vmss.name)).map((v) => v.instanceId), ["0", "1"]);
    assert.deepEqual((await instances(group, vmss.name)).map((v) => v.properties.osProfile.computerName), await machines("rg1", "c1", "nodepool1"));
    assert.deepEqual(await usage("cores"), [4, 1000]);
  });

  test("deleteMachines deletes those VMs", async () => {
    await putPool("rg1", "c1", "nodepool1", { count: 3, mode: "System" });
    const names = await machines("rg1", "c1", "nodepool1");
    const res = await emu.request("POST", q(`${apPath("rg1", "c1", "nodepool1")}/deleteMachines`, "2026-04-01"), { body: { machineNames: [names[1]] } });
    assertStatus(res, 202);
    assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
    // Instance ids are never reused: the node added back took id 5.
    assert.deepEqual(names.map((n) => String(parseInt(n.slice(-6), 36))), ["0", "1", "5"]);
    assert.deepEqual((await instances(group, vmss.name)).map((v) => v.instanceId), ["0", "5"]);
  });

  test("stop deallocates every instance, start runs them again; deallocated VMs still count against quota", async () => {
    const stop = await emu.request("POST", q(`${mcPath("rg1", "c1")}/stop`, "2026-04-01"));
    assertStatus(stop, 202);
    assert.equal((await finish(emu, String(header(stop, "azure-asyncoperation")))).status, "Succeeded");
    const stopped = await instances(group, vmss.name, true);
    assert.ok(stopped.every((v) => v.properties.instanceView.statuses[1].code === "PowerState/deallocated"));
    assert.deepEqual(await usage("cores"), [4, 1000]);
    const start = await emu.request("POST", q(`${mcPath("rg1", "c1")}/start`, "2026-04-01"));
    assertStatus(start, 202);
    assert.equal((await finish(emu, String(header(start, "azure-asyncoperation")))).status, "Succeeded");
    assert.ok((await instances(group, vmss.name, true)).every((v) => v.properties.instanceView.statuses[1].code === "PowerState/running"));
  });

  test("a new pool gets its own scale set; deleting the pool deletes it", async () => {
    await putPool("rg1", "c1", "userpool", { count: 2, mode: "User", vmSize: "Standard_D4s_v5" });
    const user = await theScaleSet(group, "userpool");
    assert.deepEqual(user.sku, { name: "Standard_D4s_v5", tier: "Standard", capacity: 2 });
    assert.deepEqual(await usage("standardDSv5Family"), [8, 1000]);
    const res = await emu.request("DELETE", q(apPath("rg1", "c1", "userpool"), "2026-04-01"));
    assertStatus(res, 202);
    assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
    assertGatewayError(await emu.request("GET", q(`${scaleSets(group)}/${user.name}`, API)), 404, "ResourceNotFound", `The Resource 'Microsoft.Compute/virtualMachineScaleSets/${user.name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    assertWrapped(await emu.request("GET", q(`${scaleSets(group)}/${user.name}/virtualMachines`, API)), "ParentResourceNotFound", `Can not perform requested operation on nested resource. Parent resource '${user.name}' not found.`);
    assert.deepEqual(await usage("standardDSv5Family"), [0, 1000]);
  });
});

describe("quota", () => {
  const group = nodeGroup("rg1", "q1");
  before(async () => {
    await createCluster(emu, "rg1", "q1", clusterBody({ location: "eastus", properties: { agentPoolProfiles: [systemPool({ count: 2, vmSize: "Standard_D2s_v3" })] } }));
  });
  after(async () => {
    assertStatus(await emu.request("DELETE", "/_aksemu/compute/quotas/eastus"), 204);
  });

  test("a scale over the family quota fails the operation with AKS's QuotaExceeded (Compute's error nested); a reconcile PUT after raising it succeeds", async () => {
    const vmss = await theScaleSet(group);
    // 2 nodes of Standard_D2s_v3 use 4 vCPUs of standardDSv3Family; allow 6.
    const set = await setQuota({ standardDSv3Family: 6 });
    assert.deepEqual(set.value.find((u: any) => u.name.value === "standardDSv3Family"), { unit: "Count", currentValue: 4, limit: 6, name: { value: "standardDSv3Family", localizedValue: "Standard DSv3 Family vCPUs" } });
    const failed = await putPool("rg1", "q1", "nodepool1", { count: 4, mode: "System", vmSize: "Standard_D2s_v3" });
    const message = `Create or update VMSS ${vmss.id} failed. ${quotaText({ what: "standardDSv3Family Cores", name: "standardDSv3Family", limit: 6, usage: 4, required: 4, article: "per-vm-quota-requests" })}`;
    assert.equal(failed.status, "Failed");
    assert.deepEqual(codeAndMessage(failed.error), { code: "QuotaExceeded", message });
    const last = await latest("rg1", "q1", "nodepool1");
    assert.deepEqual([last.status, codeAndMessage(last.error)], ["Failed", { code: "QuotaExceeded", message }]);
    // The operation stopped where it failed: the pool Failed, its nodes and VMs as they were.
    const pool = await get(apPath("rg1", "q1", "nodepool1"), "2026-04-01");
    assert.deepEqual([pool.properties.provisioningState, pool.properties.powerState.code, pool.properties.count], ["Failed", "Running", 4]);
    assert.equal((await machines("rg1", "q1", "nodepool1")).length, 2);
    assert.equal((await instances(group, vmss.name)).length, 2);

    await setQuota({ standardDSv3Family: 100 });
    const reconciled = await putPool("rg1", "q1", "nodepool1", { count: 4, mode: "System", vmSize: "Standard_D2s_v3" });
    assert.equal(reconciled.status, "Succeeded");
    assert.equal((await get(apPath("rg1", "q1", "nodepool1"), "2026-04-01")).properties.provisioningState, "Succeeded");
    assert.deepEqual((await instances(group, vmss.name)).map((v) => v.instanceId), ["0", "1", "2", "3"]);
    assert.deepEqual(await usage("standardDSv3Family"), [8, 100]);
  });

  test("over the regional total through a cluster PUT: the cluster and the pool are Failed; a reconcile PUT of the unchanged cluster resumes", async () => {
    const before = (await usage("cores"))[0];
    await setQuota({ cores: before + 1 });
    const body = clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 5, vmSize: "Standard_D2s_v3" })] } });
    const failed = await putCluster("rg1", "q1", body);
    const vmss = await theScaleSet(group);
    const compute = quotaText({ what: "Total Regional Cores", name: "cores", limit: before + 1, usage: before, required: 2, article: "regional-quota-requests" });
    assert.deepEqual(codeAndMessage(failed.error), { code: "QuotaExceeded", message: `Create or update VMSS ${vmss.id} failed. ${compute}` });
    // Compute's own error, nested as AKS nests it, on the status endpoint a client polls.
    assert.deepEqual(failed.error.details.map(codeAndMessage), [{ code: "OperationNotAllowed", message: compute }]);
    const cluster = await get(mcPath("rg1", "q1"), "2026-04-01");
    assert.deepEqual([cluster.properties.provisioningState, cluster.properties.powerState.code, cluster.properties.agentPoolProfiles[0].provisioningState], ["Failed", "Running", "Failed"]);
    await setQuota({ cores: 1000 });
    assert.equal((await putCluster("rg1", "q1", body)).status, "Succeeded");
    assert.equal((await get(mcPath("rg1", "q1"), "2026-04-01")).properties.provisioningState, "Succeeded");
    assert.equal((await instances(group, vmss.name)).length, 5);
  });

  test("surge nodes count: an upgrade whose surge VM does not fit fails before touching a node; raising the quota and reconciling finishes it", async () => {
    const [used] = await usage("standardDSv3Family");
    await setQuota({ standardDSv3Family: used });
    const body = clusterBody({ properties: { kubernetesVersion: "1.34", agentPoolProfiles: [systemPool({ count: 5, vmSize: "Standard_D2s_v3" })] } });
    const failed = await putCluster("rg1", "q1", body);
    assert.equal(failed.error.code, "QuotaExceeded");
    assert.ok(failed.error.message.includes(`Current Limit: ${used}, Current Usage: ${used}, Additional Required: 2, (Minimum) New Limit Required: ${used + 2}.`), failed.error.message);
    // The control plane upgraded; the pool stopped at its surge VM, every node as it was.
    const cluster = await get(mcPath("rg1", "q1"), "2026-04-01");
    assert.deepEqual([cluster.properties.provisioningState, cluster.properties.currentKubernetesVersion, cluster.properties.agentPoolProfiles[0].currentOrchestratorVersion], ["Failed", "1.34.1", "1.33.3"]);
    assert.equal((await machines("rg1", "q1", "nodepool1")).length, 5);
    await setQuota({ standardDSv3Family: used + 2 });
    assert.equal((await putCluster("rg1", "q1", body)).status, "Succeeded");
    const pool = await get(apPath("rg1", "q1", "nodepool1"), "2026-04-01");
    assert.deepEqual([pool.properties.provisioningState, pool.properties.currentOrchestratorVersion], ["Succeeded", "1.34.1"]);
    assert.deepEqual(await usage("standardDSv3Family"), [used, used + 2], "the surge VM is gone again");
  });

  test("the control API refuses bad quota bodies with a 400 that says why, and changes nothing", async () => {
    const bad = async (body: unknown, message: string | RegExp, location = "eastus") => {
      const res = await emu.request("PUT", `/_aksemu/compute/quotas/${location}`, { body });
      assertWrapped(res, "BadRequest", message);
      assert.equal(res.status, 400);
    };
    await bad({ limits: { cores: -1 } }, "The limit of quota 'cores' must be a whole number from 0 up, not -1.");
    await bad({ limits: { standardDSv2Family: 1.5 } }, "The limit of quota 'standardDSv2Family' must be a whole number from 0 up, not 1.5.");
    await bad({ limits: { standardNopeFamily: 10 } }, /^Unknown quota 'standardNopeFamily' in eastus: a quota is one of availabilitySets, cores, virtualMachines, virtualMachineScaleSets, lowPriorityCores or a VM family/);
    await bad({ limits: {} }, /^"limits" must be an object/);
    await bad([1], /^Expected a JSON object/);
    await bad({ limits: { cores: 1 }, extra: true }, /^Unknown field\(s\) 'extra'/);
    await bad({ limits: { cores: 1 } }, /^Unknown location 'atlantis'/, "atlantis");
    assert.deepEqual(await usage("cores"), [(await usage("cores"))[0], 1000], "nothing changed");
  });
});

describe("capacity", () => {
  after(async () => {
    for (const size of ["Standard_D4s_v3", "Standard_D8s_v3", "Standard_E4s_v3"]) await emu.request("DELETE", `/_aksemu/compute/capacity/eastus/${size}`);
  });

  test("no room in a zone: ZonalAllocationFailed as AKS words it, Compute's error in details; freeing capacity and reconciling succeeds", async () => {
    assertStatus(await emu.request("PUT", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3", { body: { zones: { "2": 0 } } }), 200);
    const failed = await putPool("rg1", "c1", "zonal", { count: 3, mode: "User", vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] });
    assert.deepEqual(codeAndMessage(failed.error), {
      code: "ZonalAllocationFailed",
      message: "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at https://aka.ms/allocation-guidance. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure. If the error is due to capacity constrain, consider upgrade with maxUnavailable instead of maxSurge, details: aka.ms/aks/maxUnavailable.",
    });
    assert.equal((await get(apPath("rg1", "c1", "zonal"), "2026-04-01")).properties.provisioningState, "Failed");
    assertStatus(await emu.request("PUT", "/_aksemu/compute/capacity/eastus/Standard_D4s_v3", { body: { zones: { "2": 5 } } }), 200);
    assert.equal((await putPool("rg1", "c1", "zonal", { count: 3, mode: "User", vmSize: "Standard_D4s_v3", availabilityZones: ["1", "2", "3"] })).status, "Succeeded");
    const vms = await instances(nodeGroup("rg1", "c1"), (await theScaleSet(nodeGroup("rg1", "c1"), "zonal")).name);
    assert.deepEqual(vms.map((v) => v.zones), [["1"], ["2"], ["3"]], "instances spread over the zones");
  });

  test("no room outside zones: AllocationFailed; an overconstrained size: OverconstrainedAllocationRequest with Compute's constraint list", async () => {
    assertStatus(await emu.request("PUT", "/_aksemu/compute/capacity/eastus/Standard_D8s_v3", { body: { regional: 1 } }), 200);
    const failed = await putPool("rg1", "c1", "big", { count: 2, mode: "User", vmSize: "Standard_D8s_v3" });
    assert.deepEqual(codeAndMessage(failed.error), {
      code: "AllocationFailed",
      message: "The VM allocation failed due to an internal error. Please retry later or try deploying to a different location. Please note that allocation failures can also arise if a proximity placement group is associated with this VMSS. See https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-code-zonalallocationfailed-allocationfailed for more details. This is not AKS controlled behavior, please ask help to VMSS team for allocation failure.",
    });
    assertStatus(await emu.request("PUT", "/_aksemu/compute/capacity/eastus/Standard_E4s_v3", { body: { regional: 0, overconstrained: true } }), 200);
    const over = await putPool("rg1", "c1", "mem", { count: 1, mode: "User", vmSize: "Standard_E4s_v3" });
    assert.deepEqual(codeAndMessage(over.error), {
      code: "OverconstrainedAllocationRequest",
      message: "Create or update VMSS failed. Allocation failed. VM(s) with the following constraints cannot be allocated, because the condition is too restrictive. Please remove some constraints and try again. Constraints applied are:\n  - Networking Constraints (such as Accelerated Networking or IPv6)\n  - VM Size",
    });
    const listed = await emu.request("GET", "/_aksemu/compute/capacity");
    assertStatus(listed, 200);
    assert.deepEqual(listed.json.value.map((c: any) => c.vmSize), ["Standard_D4s_v3", "Standard_D8s_v3", "Standard_E4s_v3"]);
  });

  test("bad capacity bodies are a 400", async () => {
    for (const [size, body, message] of [
      ["Standard_Nope", { regional: 1 }, "Unknown VM size 'Standard_Nope'."],
      ["Standard_D4s_v3", { zones: { "4": 1 } }, "Zone '4' is not a zone of eastus (its zones: 1, 2, 3)."],
      ["Standard_D4s_v3", { regional: -2 }, "\"regional\" must be a whole number from 0 up, not -2."],
      ["Standard_D4s_v3", {}, "Give \"zones\" (VMs per zone) and/or \"regional\" (VMs outside zones)."],
    ] as const) {
      const res = await emu.request("PUT", `/_aksemu/compute/capacity/eastus/${size}`, { body });
      assertStatus(res, 400);
      assertWrapped(res, "BadRequest", message);
    }
  });
});

describe("refusals", () => {
  test("an unknown location, api-version or $skipToken, and a VM that is not there", async () => {
    const usages = await emu.request("GET", q(`${COMPUTE}/locations/atlantis/usages`, API));
    assertGatewayError(usages, 400, "NoRegisteredProviderFound", /^No registered resource provider found for location 'atlantis' and API version '2026-03-01' for type 'locations\/usages'\. /);
    assertGatewayError(await emu.request("GET", q(`${COMPUTE}/virtualMachineScaleSets`, "2099-01-01")), 400, "NoRegisteredProviderFound", /API version '2099-01-01' for type 'virtualMachineScaleSets'/);
    const res = await emu.request("GET", `${q(`${COMPUTE}/virtualMachineScaleSets`, API)}&$skipToken=x`);
    assertStatus(res, 400);
    assertWrapped(res, "InvalidSkipTokenInQueryString", "Invalid $skipToken 'x' specified in the query string.");
    const group = nodeGroup("rg1", "c1");
    const vmss = await theScaleSet(group);
    assertGatewayError(await emu.request("GET", q(`${scaleSets(group)}/${vmss.name}/virtualMachines/99`, API)), 404, "ResourceNotFound", `The Resource 'Microsoft.Compute/virtualMachineScaleSets/${vmss.name}/virtualMachines/99' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    assertGatewayError(await emu.request("GET", q(`${scaleSets("rg-nowhere")}`, API)), 404, "ResourceGroupNotFound", "Resource group 'rg-nowhere' could not be found.");
  });
});

describe("resource SKUs", () => {
  test("a location's SKUs, shaped as ListAvailableResourceSkusForARegion.json, with zones and restrictions", async () => {
    const eastus = (await get(`${COMPUTE}/skus?$filter=${encodeURIComponent("location eq 'eastus'")}`, SKU_API)).value as any[];
    const ds2 = eastus.find((s) => s.name === "Standard_DS2_v2");
    assert.deepEqual({ ...ds2, capabilities: undefined }, {
      resourceType: "virtualMachines",
      locations: ["eastus"],
      capabilities: undefined,
      locationInfo: [{ location: "eastus", zones: ["1", "2", "3"], zoneDetails: [] }],
      name: "Standard_DS2_v2",
      tier: "Standard",
      size: "DS2_v2",
      family: "standardDSv2Family",
      restrictions: [],
    });
    assert.deepEqual(ds2.capabilities.filter((c: any) => ["vCPUs", "MemoryGB"].includes(c.name)), [{ name: "vCPUs", value: "2" }, { name: "MemoryGB", value: "7" }]);
    // A100 is offered in eastus zones 2 and 3 only.
    const a100 = eastus.find((s) => s.name === "Standard_NC24ads_A100_v4");
    assert.deepEqual(a100.restrictions, [{ type: "Zone", values: ["eastus"], restrictionInfo: { locations: ["eastus"], zones: ["1"] }, reasonCode: "NotAvailableForSubscription" }]);
    // westus has no zones, and no A100.
    const westus = (await get(`${COMPUTE}/skus?$filter=${encodeURIComponent("location eq 'westus'")}`, SKU_API)).value as any[];
    assert.deepEqual(westus.find((s) => s.name === "Standard_DS2_v2").locationInfo, [{ location: "westus", zones: [], zoneDetails: [] }]);
    assert.deepEqual(westus.find((s) => s.name === "Standard_NC24ads_A100_v4").restrictions, [{ type: "Location", values: ["westus"], restrictionInfo: { locations: ["westus"] }, reasonCode: "NotAvailableForSubscription" }]);
    assert.ok(eastus.every((s) => s.locations[0] === "eastus"));
  });
});

describe("deletes", () => {
  test("deleting the cluster deletes its scale sets and its node resource group", async () => {
    await createCluster(emu, "rg1", "d1");
    const group = nodeGroup("rg1", "d1");
    const vmss = await theScaleSet(group);
    const res = await emu.request("DELETE", q(mcPath("rg1", "d1")));
    assertStatus(res, 202);
    assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")))).status, "Succeeded");
    assertGatewayError(await emu.request("GET", q(rgPath(group), RG_API)), 404, "ResourceGroupNotFound", `Resource group '${group}' could not be found.`);
    assert.ok(!((await get(`${COMPUTE}/virtualMachineScaleSets`)).value as any[]).some((s) => s.id === vmss.id));
  });

  test("deleting the cluster's resource group deletes the node resource group with it", async () => {
    await emu.createGroup("rg-gone");
    await createCluster(emu, "rg-gone", "g1");
    const group = nodeGroup("rg-gone", "g1");
    await get(rgPath(group), RG_API);
    const res = await emu.request("DELETE", q(rgPath("rg-gone"), RG_API));
    assertStatus(res, 202);
    for (let i = 0; i < 30 && (await emu.request("GET", q(rgPath("rg-gone"), RG_API))).status === 200; i++) await emu.advance("PT1M");
    assertStatus(await emu.request("GET", q(rgPath("rg-gone"), RG_API)), 404);
    assertStatus(await emu.request("GET", q(rgPath(group), RG_API)), 404);
    assert.ok(!((await get(`${COMPUTE}/virtualMachineScaleSets`)).value as any[]).some((s) => s.resourceGroup === group || String(s.id).includes(`/${group}/`)));
  });
});
