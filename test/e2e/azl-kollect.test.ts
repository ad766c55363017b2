// azl aks kollect: a diagnostics bundle written to a local directory over HTTPS only (the cluster,
// pools, operations, node VMs, the activity log and every detector's result, plus summary.md).
// The cluster is left with a failed reconcile (an infrastructure fault) and a node VM left Failed
// (seed 002, Scenario 2): the bundle must show both, with the seed's causes and remedies.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { loggedIn, putCluster, serviceErrorText, type Azl } from "./helpers/azl.js";

const RG = "rg-kollect";
const ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/k1`;
let emu: Emulator;
let azl: Azl;
let scaleSet: string;
let instanceId: number;

before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup(RG);
  await putCluster(emu, RG, "k1", [{ name: "nodepool1", count: 2 }]);
  azl = await loggedIn(emu);
  const vm = await emu.request("POST", "/_aksemu/scenarios/node-vm-failed-disk-detach", { body: { resourceGroup: RG, cluster: "k1" } });
  assert.equal(vm.status, 200, vm.text);
  scaleSet = String(vm.json.applied.scaleSet).split("/").pop()!;
  instanceId = Number(vm.json.applied.instanceId);
  assert.equal((await emu.request("POST", "/_aksemu/scenarios/infrastructure-transient", { body: { resourceGroup: RG, cluster: "k1" } })).status, 200);
  // The reconcile that meets the fault: azl reports the failure (exit 1), the cluster is Failed.
  const r = await azl.run("resource", "update", "--ids", ID);
  assert.equal(r.code, 1, r.stdout);
});
after(async () => {
  azl.close();
  await emu.close();
});

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));

test("azl aks kollect writes the bundle and says where", async () => {
  const dir = join(azl.dir, "bundle");
  const r = await azl.run("aks", "kollect", "-g", RG, "-n", "k1", "--output-dir", dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, `Wrote the diagnostics bundle of managed cluster 'k1' (29 files) to ${dir}\nRead ${join(dir, "summary.md")} first.\n`);
  assert.deepEqual(readdirSync(dir).sort(), ["activity-log-cluster.json", "activity-log-node-resource-group.json", "agent-pools.json", "cluster.json", "detectors", "node-resource-group", "operations.json", "summary.md"]);

  assert.equal(json(dir, "cluster.json").properties.provisioningState, "Failed");
  assert.deepEqual(json(dir, "agent-pools.json").map((p: any) => p.name), ["nodepool1"]);
  const ops = json(dir, "operations.json");
  assert.deepEqual([ops[0].operationType, ops[0].status, ops[0].error.code], ["PutManagedCluster", "Failed", "ReconcileVMSSAgentPoolFailed"]);
  const [vmss] = json(dir, "node-resource-group/virtual-machine-scale-sets.json");
  assert.equal(vmss.name, scaleSet);
  const failed = vmss.virtualMachines.find((vm: any) => vm.instanceId === String(instanceId));
  assert.equal(failed.properties.instanceView.statuses[0].code, "ProvisioningState/failed/AttachDiskWhileBeingDetached");
  assert.deepEqual(json(dir, "node-resource-group/virtual-machines.json"), []);
  const events = json(dir, "activity-log-cluster.json");
  assert.ok(events.some((e: any) => e.status.value === "Failed" && JSON.parse(e.properties.statusMessage).error.code === "ReconcileVMSSAgentPoolFailed"), "the failed reconcile is in the cluster's activity log");
  assert.deepEqual(json(dir, "activity-log-node-resource-group.json"), [], "no write was sent to the node resource group yet");

  const detectorFiles = readdirSync(join(dir, "detectors")).sort();
  assert.deepEqual(detectorFiles, [
    "authorization-failed.json", "cluster-failed-state.json", "index.json", "infrastructure-issues.json", "kube-system-pods.json", "load-balancer-invalid-reference.json", "log-analytics-workspace.json", "node-vm-failed-state.json", "outbound-connectivity.json",
    "policy-denied.json", "private-dns-zone.json", "provider-registration.json", "provisioning-state-check.json", "public-ip-count-limit.json", "resource-locks.json", "subnet-is-full.json", "subscription-state.json", "vcpu-quota-exceeded.json",
    "virtual-network-dns.json", "vm-allocation-failure.json",
  ]);
  const statusId = (f: string) => json(dir, `detectors/${f}`).properties.status.statusId;
  assert.deepEqual(["infrastructure-issues.json", "node-vm-failed-state.json", "provisioning-state-check.json", "cluster-failed-state.json", "vcpu-quota-exceeded.json"].map(statusId), [0, 0, 0, 0, 3]);
});

test("summary.md: the Provisioning State Check, each detector's verdict, the causes with their remedies, the files", async () => {
  const dir = join(azl.dir, "bundle-2");
  assert.equal((await azl.run("aks", "kollect", "-g", RG, "-n", "k1", "--output-dir", dir)).code, 0);
  const md = readFileSync(join(dir, "summary.md"), "utf8");
  assert.match(md, /^# Diagnostics bundle: managed cluster k1\n/);
  assert.match(md, /\n## Provisioning State Check\n\n\| Resource \| Provisioning state \| Power state \| Last failed operation \| Error \|\n\|---\|---\|---\|---\|---\|\n\| managed cluster k1 \| Failed \| Running \| PutManagedCluster [0-9a-f-]+ \| ReconcileVMSSAgentPoolFailed: Internal server error \|\n\| agent pool nodepool1 \| Failed \| Running \| PutManagedCluster [0-9a-f-]+ \| ReconcileVMSSAgentPoolFailed: Internal server error \|\n/);
  assert.ok(md.includes("| Infrastructure Issues (`infrastructure-issues`) | Critical | PutManagedCluster failed with ReconcileVMSSAgentPoolFailed (Internal server error): an internal issue, not a setting of yours. |"), md);
  assert.ok(md.includes("| Subscription State (`subscription-state`) | Success | The subscription is enabled. |"), md);
  assert.ok(md.includes(`### Critical: Node VM in a Failed State\n\nNode VM '${scaleSet}_${instanceId}' of agent pool 'nodepool1' is in a failed state: AttachDiskWhileBeingDetached.\n`), md);
  assert.ok(md.includes(`\`\`\`\naz vmss update-instances --resource-group MC_${RG}_k1_eastus --name ${scaleSet} --instance-id ${instanceId}\n\`\`\``), md);
  assert.ok(md.includes(`\`\`\`\naz aks nodepool update -g ${RG} --cluster-name k1 -n nodepool1\naz resource update --ids ${ID}\n\`\`\``), md);
  assert.ok(md.includes(`Failed: \`${scaleSet}_${instanceId}\``), md);
  assert.ok(md.includes("- `detectors/node-vm-failed-state.json`: detector Node VM in a Failed State"), md);
});

test("after the remedies the bundle shows every detector Success", async () => {
  // The cluster's reconcile (a cluster PUT reconciles its pools too), then Scenario 2's update-instances.
  assert.equal((await azl.run("resource", "update", "--ids", ID)).code, 0);
  const manual = await emu.request("POST", `/subscriptions/${SUB}/resourceGroups/MC_${RG}_k1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/manualupgrade?api-version=2026-03-01`, { body: { instanceIds: [String(instanceId)] } });
  assert.equal(manual.status, 202, manual.text);
  const dir = join(azl.dir, "bundle-3");
  assert.equal((await azl.run("aks", "kollect", "-g", RG, "-n", "k1", "--output-dir", dir)).code, 0);
  const manualupgrade = json(dir, "activity-log-node-resource-group.json").filter((e: any) => e.operationName.value === "Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action");
  assert.deepEqual(manualupgrade.map((e: any) => e.status.value), ["Succeeded", "Accepted", "Started"], "newest first, as ARM lists them");
  for (const f of readdirSync(join(dir, "detectors")).filter((x) => x !== "index.json")) assert.equal(json(dir, `detectors/${f}`).properties.status.statusId, 3, f);
  assert.ok(!readFileSync(join(dir, "summary.md"), "utf8").includes("### Critical"));
});

test("a cluster that does not exist: az's not-found error, exit 3, nothing written", async () => {
  const dir = join(azl.dir, "none");
  await azl.expect(["aks", "kollect", "-g", RG, "-n", "ghost", "--output-dir", dir], {
    code: 3,
    stderr: serviceErrorText("ResourceNotFound", `The Resource 'Microsoft.ContainerService/managedClusters/ghost' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  });
  assert.equal(existsSync(dir), false);
});
