// Microsoft.ContainerService/managedClusters/agentPools over literal HTTP: create, scale (machines
// follow the clock), stop/start through properties.powerState.code (the spec's AgentPools_Stop /
// AgentPools_Start examples), delete, profiles, machines and etags.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import {
  advance,
  AKS_API,
  apPath,
  assertAksError,
  assertGatewayError,
  assertStatus,
  clusterBody,
  createCluster,
  finish,
  header,
  mcPath,
  q,
  refreshing,
  systemPool,
} from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
  await createCluster(emu, "rg1", "c1");
});
after(() => emu.close());

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const example = (file: string) => JSON.parse(readFileSync(join(process.cwd(), "test", "fixtures", "examples", file), "utf8"));
const VERSIONS_LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";
const COUNT_TAIL = "If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.";

async function machineNames(cluster: string, pool: string): Promise<string[]> {
  const res = await emu.request("GET", q(`${apPath("rg1", cluster, pool)}/machines`));
  assertStatus(res, 200);
  return (res.json.value as any[]).map((m) => m.name as string);
}

async function putPool(cluster: string, pool: string, properties: Record<string, unknown>, headers: Record<string, string> = {}) {
  return emu.request("PUT", q(apPath("rg1", cluster, pool)), { body: { properties }, headers });
}

test("PUT creates a pool: 201 + Azure-AsyncOperation, then Succeeded with its machines; the cluster mirrors it", async () => {
  const res = await putPool("c1", "pool2", { count: 2, vmSize: "Standard_D4s_v3", mode: "User" });
  assertStatus(res, 201);
  const aao = header(res, "azure-asyncoperation")!;
  assert.match(aao, new RegExp(`^${escape(emu.url)}/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operations/[^/?]+\\?api-version=${AKS_API}$`));
  assert.ok(header(res, "retry-after") !== undefined);
  assert.equal(res.json.id, `${mcPath("rg1", "c1")}/agentPools/pool2`);
  assert.equal(res.json.name, "pool2");
  assert.equal(res.json.type, "Microsoft.ContainerService/managedClusters/agentPools");
  const p = res.json.properties;
  assert.equal(p.provisioningState, "Creating");
  assert.equal(p.count, 2);
  assert.equal(p.vmSize, "Standard_D4s_v3");
  assert.equal(p.mode, "User");
  assert.equal(p.orchestratorVersion, "1.33");
  assert.equal(p.currentOrchestratorVersion, "1.33.3");
  assert.deepEqual(p.powerState, { code: "Running" });
  assert.equal(typeof p.eTag, "string");
  assert.deepEqual(await machineNames("c1", "pool2"), [], "no machine before the clock moves");

  const st = await finish(emu, aao);
  assert.equal(st.status, "Succeeded");
  const got = await emu.request("GET", q(apPath("rg1", "c1", "pool2")));
  assertStatus(got, 200);
  assert.equal(got.json.properties.provisioningState, "Succeeded");
  const names = await machineNames("c1", "pool2");
  assert.equal(names.length, 2);
  for (const n of names) assert.match(n, /^aks-pool2-\d{8}-vmss[0-9a-z]{6}$/);
  const cluster = await emu.request("GET", q(mcPath("rg1", "c1")));
  const mirrored = (cluster.json.properties.agentPoolProfiles as any[]).find((x) => x.name === "pool2");
  assert.ok(mirrored, "the cluster lists the new pool in agentPoolProfiles");
  assert.equal(mirrored.count, 2);
  assert.equal(mirrored.vmSize, "Standard_D4s_v3");
  assert.equal(mirrored.provisioningState, "Succeeded");
});

test("GET and list", async () => {
  const list = await emu.request("GET", q(`${mcPath("rg1", "c1")}/agentPools`));
  assertStatus(list, 200);
  const names = (list.json.value as any[]).map((x) => x.name);
  assert.ok(names.includes("nodepool1") && names.includes("pool2"), names.join(","));
  assert.equal(list.json.nextLink, undefined);
  const one = (list.json.value as any[]).find((x) => x.name === "nodepool1");
  const got = await emu.request("GET", q(apPath("rg1", "c1", "nodepool1")));
  assertStatus(got, 200);
  assert.deepEqual(got.json, one);
  assert.equal(got.json.properties.mode, "System");
  assert.equal(got.json.properties.count, 3);
});

test("scale via count: machines grow and shrink as the clock advances; names follow AKS's scheme", async () => {
  const before = await machineNames("c1", "nodepool1");
  assert.equal(before.length, 3);
  for (const n of before) assert.match(n, /^aks-nodepool1-\d{8}-vmss[0-9a-z]{6}$/);
  const digits = new Set(before.map((n) => n.split("-")[2]));
  assert.equal(digits.size, 1, "one scale set per pool");

  const up = await putPool("c1", "nodepool1", { count: 5, mode: "System", vmSize: "Standard_DS2_v2" });
  assertStatus(up, 200);
  assert.equal(up.json.properties.provisioningState, "Scaling");
  assert.equal(up.json.properties.count, 5);
  const aao = header(up, "azure-asyncoperation")!;
  const counts = [before.length];
  for (let i = 0; i < 20; i++) {
    await advance(emu, "PT20S");
    counts.push((await machineNames("c1", "nodepool1")).length);
    if ((await emu.request("GET", aao)).json.status !== "InProgress") break;
  }
  assert.equal(counts.at(-1), 5, counts.join(","));
  assert.ok(counts.includes(4), `nodes arrive one at a time: ${counts.join(",")}`);
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i]! >= counts[i - 1]!, counts.join(","));
  const grown = await machineNames("c1", "nodepool1");
  for (const n of before) assert.ok(grown.includes(n), "existing nodes stay");
  for (const n of grown) assert.match(n, /^aks-nodepool1-\d{8}-vmss[0-9a-z]{6}$/);
  assert.equal(new Set(grown).size, 5);
  assert.equal((await emu.request("GET", q(apPath("rg1", "c1", "nodepool1")))).json.properties.provisioningState, "Succeeded");

  const down = await putPool("c1", "nodepool1", { count: 2, mode: "System", vmSize: "Standard_DS2_v2" });
  assertStatus(down, 200);
  assert.equal(down.json.properties.provisioningState, "Scaling");
  const downAao = header(down, "azure-asyncoperation")!;
  const shrinking = [5];
  for (let i = 0; i < 30; i++) {
    await advance(emu, "PT20S");
    shrinking.push((await machineNames("c1", "nodepool1")).length);
    if ((await emu.request("GET", downAao)).json.status !== "InProgress") break;
  }
  assert.equal(shrinking.at(-1), 2, shrinking.join(","));
  assert.ok(shrinking.includes(4) && shrinking.includes(3), `nodes leave one at a time: ${shrinking.join(",")}`);
  for (let i = 1; i < shrinking.length; i++) assert.ok(shrinking[i]! <= shrinking[i - 1]!, shrinking.join(","));
  // Scale-in removes the newest nodes first.
  assert.deepEqual((await machineNames("c1", "nodepool1")).sort(), before.slice().sort().slice(0, 2));
  const cluster = await emu.request("GET", q(mcPath("rg1", "c1")));
  assert.equal((cluster.json.properties.agentPoolProfiles as any[]).find((x) => x.name === "nodepool1").count, 2);
});

test("stop and start through properties.powerState.code: 200 with the example's shape, then the power state", async () => {
  const created = await putPool("c1", "spool", { count: 2, vmSize: "Standard_D4s_v3", mode: "User" });
  assertStatus(created, 201);
  await finish(emu, header(created, "azure-asyncoperation")!);

  const stopBody = example("2026-07-01/AgentPools_Stop.json").parameters.parameters;
  assert.deepEqual(stopBody, { properties: { powerState: { code: "Stopped" } } });
  const stop = await emu.request("PUT", q(apPath("rg1", "c1", "spool")), { body: stopBody });
  assertStatus(stop, 200);
  assert.ok(header(stop, "azure-asyncoperation"));
  // As AgentPools_Stop.json's 200 response: provisioning Stopping, powerState the goal (Stopped).
  assert.equal(stop.json.properties.provisioningState, "Stopping");
  assert.deepEqual(stop.json.properties.powerState, { code: "Stopped" });
  await finish(emu, header(stop, "azure-asyncoperation")!);
  const afterStop = (await emu.request("GET", q(apPath("rg1", "c1", "spool")))).json.properties;
  assert.equal(afterStop.provisioningState, "Succeeded");
  assert.deepEqual(afterStop.powerState, { code: "Stopped" });

  const startBody = example("2026-07-01/AgentPools_Start.json").parameters.parameters;
  const start = await emu.request("PUT", q(apPath("rg1", "c1", "spool")), { body: startBody });
  assertStatus(start, 200);
  // As AgentPools_Start.json's 200 response.
  assert.equal(start.json.properties.provisioningState, "Starting");
  assert.deepEqual(start.json.properties.powerState, { code: "Running" });
  await finish(emu, header(start, "azure-asyncoperation")!);
  const running = (await emu.request("GET", q(apPath("rg1", "c1", "spool")))).json.properties;
  assert.equal(running.provisioningState, "Succeeded");
  assert.deepEqual(running.powerState, { code: "Running" });
});

test("a power-state-only PUT changes the power state only: count, size and settings stay", async () => {
  const created = await putPool("c1", "kpool", { count: 2, vmSize: "Standard_D4s_v3", mode: "User", maxPods: 50 });
  assertStatus(created, 201);
  await finish(emu, header(created, "azure-asyncoperation")!);
  const stop = await emu.request("PUT", q(apPath("rg1", "c1", "kpool")), { body: example("2026-07-01/AgentPools_Stop.json").parameters.parameters });
  assertStatus(stop, 200);
  await finish(emu, header(stop, "azure-asyncoperation")!);
  assert.deepEqual((await emu.request("GET", q(apPath("rg1", "c1", "kpool")))).json.properties.powerState, { code: "Stopped" });
  const start = await emu.request("PUT", q(apPath("rg1", "c1", "kpool")), { body: example("2026-07-01/AgentPools_Start.json").parameters.parameters });
  assertStatus(start, 200);
  await finish(emu, header(start, "azure-asyncoperation")!);
  const running = (await emu.request("GET", q(apPath("rg1", "c1", "kpool")))).json.properties;
  assert.deepEqual(running.powerState, { code: "Running" });
  // AgentPools_Start.json answers with the pool's own count (50) and autoscaler settings, not defaults.
  assert.equal(running.count, 2);
  assert.equal(running.vmSize, "Standard_D4s_v3");
  assert.equal(running.maxPods, 50);
  assert.equal((await machineNames("c1", "kpool")).length, 2);
});

test("the last running System pool cannot be stopped", async () => {
  const res = await putPool("c1", "nodepool1", { powerState: { code: "Stopped" } });
  assertAksError(
    res,
    400,
    "InvalidParameter",
    "The value of parameter agentPoolProfile.powerState is invalid: the last running System mode agent pool cannot be stopped. Please see https://aka.ms/aks/nodepool/mode for more details.",
    "agentPoolProfile.powerState",
  );
});

test("DELETE: 202 with Azure-AsyncOperation and Location; Deleting, then gone; a missing pool is 204", async () => {
  const created = await putPool("c1", "dpool", { count: 1, mode: "User" });
  assertStatus(created, 201);
  await finish(emu, header(created, "azure-asyncoperation")!);
  const res = await emu.request("DELETE", q(apPath("rg1", "c1", "dpool")));
  assertStatus(res, 202);
  const aao = header(res, "azure-asyncoperation")!;
  const location = header(res, "location")!;
  assert.match(aao, /\/locations\/eastus\/operations\//);
  assert.match(location, new RegExp(`^${escape(emu.url)}/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operationresults/[^/?]+\\?api-version=${AKS_API}$`));
  assertStatus(await emu.request("GET", location), 202);
  assert.equal((await emu.request("GET", q(apPath("rg1", "c1", "dpool")))).json.properties.provisioningState, "Deleting");
  assert.equal((await finish(emu, aao)).status, "Succeeded");
  assertStatus(await emu.request("GET", location), 204);
  assertAksError(await emu.request("GET", q(apPath("rg1", "c1", "dpool"))), 404, "NotFound", "Agent pool 'dpool' of managed cluster 'c1' was not found.");
  const cluster = await emu.request("GET", q(mcPath("rg1", "c1")));
  assert.ok(!(cluster.json.properties.agentPoolProfiles as any[]).some((x) => x.name === "dpool"));
  assertStatus(await emu.request("DELETE", q(apPath("rg1", "c1", "dpool"))), 204);
  assertStatus(await emu.request("DELETE", q(apPath("rg1", "c1", "neverwas"))), 204);
});

test("upgradeProfiles/default for a pool, and availableAgentPoolVersions", async () => {
  const created = await putPool("c1", "oldpool", { count: 1, mode: "User", orchestratorVersion: "1.32.7" });
  assertStatus(created, 201);
  assert.equal(created.json.properties.currentOrchestratorVersion, "1.32.7");
  await finish(emu, header(created, "azure-asyncoperation")!);
  const res = await emu.request("GET", q(`${apPath("rg1", "c1", "oldpool")}/upgradeProfiles/default`));
  assertStatus(res, 200);
  assert.equal(res.json.name, "default");
  assert.equal(res.json.type, "Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles");
  assert.equal(res.json.id, `${mcPath("rg1", "c1")}/agentPools/oldpool/upgradeprofiles/default`);
  assert.equal(res.json.properties.kubernetesVersion, "1.32.7");
  assert.equal(res.json.properties.osType, "Linux");
  // Up to the control plane's version (1.33.3), never past it.
  assert.deepEqual(res.json.properties.upgrades, [{ kubernetesVersion: "1.33.3" }, { kubernetesVersion: "1.33.2" }]);
  assert.equal(typeof res.json.properties.latestNodeImageVersion, "string");

  const avail = await emu.request("GET", q(`${mcPath("rg1", "c1")}/availableAgentPoolVersions`));
  assertStatus(avail, 200);
  assert.equal(avail.json.name, "default");
  assert.equal(avail.json.type, "Microsoft.ContainerService/managedClusters/availableAgentpoolVersions");
  assert.equal(avail.json.id, `${mcPath("rg1", "c1")}/availableagentpoolversions`);
  const versions = avail.json.properties.agentPoolVersions as any[];
  assert.deepEqual(versions.filter((v) => v.default === true).map((v) => v.kubernetesVersion), ["1.33.3"]);
  assert.ok(versions.some((v) => v.kubernetesVersion === "1.32.7" && v.default === undefined));
  for (const v of versions) assert.match(v.kubernetesVersion, /^1\.\d+\.\d+$/);
});

test("a pool upgrade runs node by node with a surge node and ends on the new version", async () => {
  const res = await putPool("c1", "oldpool", { count: 1, mode: "User", orchestratorVersion: "1.33.3" });
  assertStatus(res, 200);
  assert.equal(res.json.properties.provisioningState, "Upgrading");
  assert.equal(res.json.properties.currentOrchestratorVersion, "1.32.7");
  const aao = header(res, "azure-asyncoperation")!;
  const seen: number[] = [];
  for (let i = 0; i < 30; i++) {
    await advance(emu, "PT20S");
    seen.push((await machineNames("c1", "oldpool")).length);
    if ((await emu.request("GET", aao)).json.status !== "InProgress") break;
  }
  assert.ok(seen.includes(2), `a surge node joins during the upgrade: ${seen.join(",")}`);
  assert.equal(seen.at(-1), 1);
  const done = (await emu.request("GET", q(apPath("rg1", "c1", "oldpool")))).json.properties;
  assert.equal(done.provisioningState, "Succeeded");
  assert.equal(done.currentOrchestratorVersion, "1.33.3");
  assert.equal(done.orchestratorVersion, "1.33.3");
});

test("machines: list and get, one per node, with the scale set VM behind each", async () => {
  const list = await emu.request("GET", q(`${apPath("rg1", "c1", "pool2")}/machines`));
  assertStatus(list, 200);
  assert.equal(list.json.value.length, 2);
  for (const m of list.json.value as any[]) {
    const got = await emu.request("GET", q(`${apPath("rg1", "c1", "pool2")}/machines/${m.name}`));
    assertStatus(got, 200);
    assert.deepEqual(got.json, m);
    assert.equal(m.type, "Microsoft.ContainerService/managedClusters/agentPools/machines");
    assert.equal(m.id, `${mcPath("rg1", "c1")}/agentPools/pool2/machines/${m.name}`);
    const vmss = m.name.slice(0, m.name.length - 6);
    const instance = parseInt(m.name.slice(-6), 36);
    assert.equal(m.properties.resourceId, `/subscriptions/${SUB}/resourceGroups/MC_rg1_c1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${instance}`);
    assert.equal(m.properties.network.ipAddresses[0].family, "IPv4");
    assert.match(m.properties.network.ipAddresses[0].ip, /^\d+\.\d+\.\d+\.\d+$/);
  }
  const missing = await emu.request("GET", q(`${apPath("rg1", "c1", "pool2")}/machines/aks-pool2-00000000-vmss00000z`));
  assertAksError(missing, 404, "NotFound", "Machine 'aks-pool2-00000000-vmss00000z' of agent pool 'pool2' was not found.");
});

test("eTag and If-Match / If-None-Match on pools; the eTag changes with every write", async () => {
  const current = (await emu.request("GET", q(apPath("rg1", "c1", "pool2")))).json.properties.eTag as string;
  const body = { count: 2, vmSize: "Standard_D4s_v3", mode: "User" };
  assertAksError(await putPool("c1", "pool2", body, { "if-match": "stale" }), 412, "PreconditionFailed", `Operation failed because of etag mismatch: if-match 'stale' does not match the current etag '${current}'.`);
  assertAksError(await putPool("c1", "pool2", body, { "if-none-match": "*" }), 412, "PreconditionFailed", "Operation failed because the resource already exists and if-none-match '*' was specified.");
  assertAksError(await emu.request("DELETE", q(apPath("rg1", "c1", "pool2")), { headers: { "if-match": "stale" } }), 412, "PreconditionFailed", `Operation failed because of etag mismatch: if-match 'stale' does not match the current etag '${current}'.`);
  const ok = await putPool("c1", "pool2", body, { "if-match": current });
  assertStatus(ok, 200);
  assert.notEqual(ok.json.properties.eTag, current);
  await finish(emu, header(ok, "azure-asyncoperation")!);
  const later = (await emu.request("GET", q(apPath("rg1", "c1", "pool2")))).json.properties.eTag as string;
  assert.notEqual(later, ok.json.properties.eTag);
  const fresh = await putPool("c1", "pool3", { count: 1, mode: "User" }, { "if-none-match": "*" });
  assertStatus(fresh, 201);
  await finish(emu, header(fresh, "azure-asyncoperation")!);
});

test("the last System pool cannot be deleted; with a second System pool it can", async () => {
  await createCluster(emu, "rg1", "c2", clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 })] } }));
  const refused = await emu.request("DELETE", q(apPath("rg1", "c2", "nodepool1")));
  assertAksError(refused, 400, "OperationNotAllowed", "Cannot delete agent pool 'nodepool1': it is the last System mode agent pool of the managed cluster. Please see https://aka.ms/aks/nodepool/mode for more details.");
  const sys2 = await putPool("c2", "sys2", { count: 1, mode: "System" });
  assertStatus(sys2, 201);
  await finish(emu, header(sys2, "azure-asyncoperation")!);
  const ok = await emu.request("DELETE", q(apPath("rg1", "c2", "nodepool1")));
  assertStatus(ok, 202);
  await finish(emu, header(ok, "azure-asyncoperation")!);
  const pools = await emu.request("GET", q(`${mcPath("rg1", "c2")}/agentPools`));
  assert.deepEqual((pools.json.value as any[]).map((x) => x.name), ["sys2"]);
});

test("pool validation: an invalid name is InvalidParameter with the AKS naming-rules text", async () => {
  for (const name of ["Pool1", "pool_1", "1pool", "abcdefghijklm"]) {
    assertAksError(
      await putPool("c1", name, { count: 1, mode: "User" }),
      400,
      "InvalidParameter",
      "The value of parameter agentPoolProfile.name is invalid. Please see https://aka.ms/aks-naming-rules for more details.",
      "agentPoolProfile.name",
    );
  }
});

test("pool validation: unsupported version, counts and wrong types", async () => {
  assertAksError(await putPool("c1", "vpool", { count: 1, mode: "User", orchestratorVersion: "1.20.7" }), 400, "AgentPoolK8sVersionNotSupported", `Version 1.20.7 is not supported in this region. ${VERSIONS_LINK}`);
  assertAksError(
    await putPool("c1", "cpool", { count: 1001, mode: "User" }),
    400,
    "InvalidParameter",
    `agentPoolProfile.count was 1001. It must be greater or equal to minCount:0 and less than or equal to maxCount:1000. ${COUNT_TAIL}`,
  );
  assertAksError(
    await putPool("c1", "cpool", { count: 0, mode: "System" }),
    400,
    "InvalidParameter",
    `agentPoolProfile.count was 0. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. ${COUNT_TAIL}`,
  );
  assertAksError(await putPool("c1", "cpool", { count: "two" }), 400, "InvalidParameter", 'The value of parameter properties.count is invalid: expected integer, got string "two".', "properties.count");
  for (const p of ["vpool", "cpool"]) assert.equal((await emu.request("GET", q(apPath("rg1", "c1", p)))).status, 404);
});

test("pools of a missing cluster: 404 ResourceNotFound for the cluster", async () => {
  const text = "The Resource 'Microsoft.ContainerService/managedClusters/nocluster' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix";
  assertGatewayError(await emu.request("GET", q(`${mcPath("rg1", "nocluster")}/agentPools`)), 404, "ResourceNotFound", text);
  assertGatewayError(await putPool("nocluster", "pool1", { count: 1 }), 404, "ResourceNotFound", text);
});
