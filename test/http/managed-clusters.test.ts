// Microsoft.ContainerService/managedClusters over literal HTTP: the LRO contract (CLIENTS.md §1.7,
// §1.12), shapes from the REST spec, validation texts (ERROR-TEXTS.md §2), etags, credentials and
// version profiles.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CLIENT_ID, SUB, TENANT, startEmulator, type Emulator } from "../support/emulator.js";
import {
  advance,
  AKS_API,
  ARM_TIMESTAMP,
  assertAksError,
  assertGatewayError,
  assertStatus,
  assertWrapped,
  clusterBody,
  createCluster,
  finish,
  GUID,
  header,
  mcPath,
  opStatus,
  q,
  rgPath,
  systemPool,
  refreshing,
} from "./helpers.js";

let emu: Emulator;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg1");
});
after(() => emu.close());

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const VERSIONS_LINK = "Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list";
const COUNT_TAIL = "If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.";

test("PUT create: 201, Azure-AsyncOperation on the emulator, Retry-After, and the spec's shape", async () => {
  const body = clusterBody({ tags: { team: "a" }, properties: { kubernetesVersion: "1.33", dnsPrefix: "shape" } });
  const res = await emu.request("PUT", q(mcPath("rg1", "shape")), { body });
  assertStatus(res, 201);
  const aao = header(res, "azure-asyncoperation");
  assert.ok(aao);
  assert.match(aao, new RegExp(`^${escape(emu.url)}/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operations/([^/?]+)\\?api-version=${AKS_API}$`));
  assert.match(String(header(res, "retry-after")), /^\d+$/);

  const mc = res.json;
  assert.equal(mc.id, `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/shape`);
  assert.equal(mc.name, "shape");
  assert.match(mc.type, /^Microsoft\.ContainerService\/[Mm]anagedClusters$/);
  assert.equal(mc.location, "eastus");
  assert.deepEqual(mc.tags, { team: "a" });
  assert.equal(typeof mc.eTag, "string");
  assert.ok(mc.eTag.length > 0);
  const p = mc.properties;
  assert.equal(p.provisioningState, "Creating");
  assert.deepEqual(p.powerState, { code: "Running" });
  assert.equal(p.kubernetesVersion, "1.33");
  assert.equal(p.currentKubernetesVersion, "1.33.3");
  assert.equal(p.nodeResourceGroup, "MC_rg1_shape_eastus");
  assert.equal(p.dnsPrefix, "shape");
  assert.match(p.fqdn, /^shape-[0-9a-z]{8}\.hcp\.eastus\.azmk8s\.io$/);
  assert.equal(mc.identity.type, "SystemAssigned");
  assert.match(mc.identity.principalId, GUID);
  assert.equal(mc.identity.tenantId, TENANT);
  // systemData: the caller (an application) and when.
  assert.equal(mc.systemData.createdBy, CLIENT_ID);
  assert.equal(mc.systemData.createdByType, "Application");
  assert.equal(mc.systemData.lastModifiedByType, "Application");
  assert.match(mc.systemData.createdAt, ARM_TIMESTAMP);
  assert.equal(mc.systemData.createdAt, mc.systemData.lastModifiedAt);
  // agentPoolProfiles mirror the agent pools.
  assert.equal(p.agentPoolProfiles.length, 1);
  const profile = p.agentPoolProfiles[0];
  assert.equal(profile.name, "nodepool1");
  assert.equal(profile.count, 3);
  assert.equal(profile.mode, "System");
  assert.equal(profile.vmSize, "Standard_DS2_v2");
  assert.equal(profile.orchestratorVersion, "1.33");
  assert.equal(profile.currentOrchestratorVersion, "1.33.3");
  assert.equal(profile.provisioningState, "Creating");
  const pool = await emu.request("GET", q(`${mcPath("rg1", "shape")}/agentPools/nodepool1`));
  assertStatus(pool, 200);
  for (const k of ["count", "mode", "vmSize", "orchestratorVersion", "currentOrchestratorVersion", "provisioningState", "osType", "type"]) {
    assert.deepEqual(pool.json.properties[k], profile[k], k);
  }
  await finish(emu, aao);
});

test("Retry-After follows a realtime clock: the real seconds to the next step, at most 10", async () => {
  // A create starts with a 5 s (virtual) step: the node resource group.
  for (const [speed, expected] of [[1, "5"], [2, "3"], [30, "1"], [0.25, "10"]] as const) {
    const rt = refreshing(await startEmulator({ clock: "realtime", speed }));
    try {
      await rt.createGroup("rg1");
      const res = await rt.request("PUT", q(mcPath("rg1", "rt")), { body: clusterBody() });
      assertStatus(res, 201);
      assert.equal(header(res, "retry-after"), expected, `speed ${speed}`);
    } finally {
      await rt.close();
    }
  }
});

test("the status URL: InProgress with a growing percentComplete, then Succeeded with endTime", async () => {
  const res = await emu.request("PUT", q(mcPath("rg1", "progress")), { body: clusterBody() });
  assertStatus(res, 201);
  const aao = header(res, "azure-asyncoperation")!;
  const opId = /operations\/([^/?]+)/.exec(aao)![1]!;
  const first = await opStatus(emu, aao);
  assert.deepEqual(Object.keys(first).sort(), ["id", "name", "percentComplete", "startTime", "status"]);
  assert.equal(first.id, `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/${opId}`);
  assert.equal(first.name, opId);
  assert.equal(first.status, "InProgress");
  assert.equal(first.percentComplete, 0);
  assert.match(first.startTime, ARM_TIMESTAMP);

  const seen = [first.percentComplete as number];
  let st = first;
  for (let i = 0; i < 30 && st.status === "InProgress"; i++) {
    await advance(emu, "PT30S");
    st = await opStatus(emu, aao);
    if (st.status === "InProgress") {
      assert.ok(st.percentComplete > seen.at(-1)!, `percentComplete grows: ${seen.join(",")} then ${st.percentComplete}`);
      assert.ok(st.percentComplete < 100);
      seen.push(st.percentComplete);
    }
  }
  assert.ok(seen.length >= 4, `several InProgress polls: ${seen.join(",")}`);
  assert.equal(st.status, "Succeeded");
  assert.equal(st.percentComplete, 100);
  assert.match(st.endTime, ARM_TIMESTAMP);
  assert.ok(Date.parse(st.endTime) > Date.parse(st.startTime));
  assert.equal(st.startTime, first.startTime);
  assert.equal(st.error, undefined);

  const mc = await emu.request("GET", q(mcPath("rg1", "progress")));
  assert.equal(mc.json.properties.provisioningState, "Succeeded");
  assert.equal(mc.json.properties.agentPoolProfiles[0].provisioningState, "Succeeded");
  // The operationresults URL of a finished PUT returns the resource.
  const result = await emu.request("GET", aao.replace("/operations/", "/operationresults/"));
  assertStatus(result, 200);
  assert.equal(result.json.name, "progress");
  assert.equal(result.json.properties.provisioningState, "Succeeded");
});

test("PUT again with no change: 200 and a reconcile operation (Updating)", async () => {
  const before = await createCluster(emu, "rg1", "recon");
  const res = await emu.request("PUT", q(mcPath("rg1", "recon")), { body: clusterBody() });
  assertStatus(res, 200);
  const aao = header(res, "azure-asyncoperation");
  assert.ok(aao);
  assert.equal(res.json.properties.provisioningState, "Updating");
  assert.notEqual(res.json.eTag, before.eTag, "the eTag changes with every write");
  assert.equal(res.json.systemData.createdAt, before.systemData.createdAt);
  assert.ok(Date.parse(res.json.systemData.lastModifiedAt) >= Date.parse(before.systemData.lastModifiedAt));
  assert.equal(res.json.properties.currentKubernetesVersion, "1.33.3");
  assert.equal(res.json.properties.fqdn, before.properties.fqdn, "fqdn is stable");
  assert.equal(res.json.identity.principalId, before.identity.principalId, "identity is stable");
  const st = await finish(emu, aao);
  assert.equal(st.status, "Succeeded");
  const after = await emu.request("GET", q(mcPath("rg1", "recon")));
  assert.equal(after.json.properties.provisioningState, "Succeeded");
  assert.notEqual(after.json.eTag, res.json.eTag);
  // The machines did not change.
  const machines = await emu.request("GET", q(`${mcPath("rg1", "recon")}/agentPools/nodepool1/machines`));
  assert.equal(machines.json.value.length, 3);
});

test("PATCH tags: 202 with Azure-AsyncOperation and Location; operationresults 202 then 200 + resource", async () => {
  await createCluster(emu, "rg1", "tagged");
  const res = await emu.request("PATCH", q(mcPath("rg1", "tagged")), { body: { tags: { owner: "me", tier: "gold" } } });
  assertStatus(res, 202);
  const aao = header(res, "azure-asyncoperation")!;
  const location = header(res, "location")!;
  assert.match(aao, new RegExp(`^${escape(emu.url)}/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operations/[^/?]+\\?api-version=${AKS_API}$`));
  assert.match(location, new RegExp(`^${escape(emu.url)}/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operationresults/[^/?]+\\?api-version=${AKS_API}$`));
  const during = await emu.request("GET", location);
  assertStatus(during, 202);
  assert.ok(header(during, "location"));
  const mid = await emu.request("GET", q(mcPath("rg1", "tagged")));
  assert.equal(mid.json.properties.provisioningState, "Updating");
  await finish(emu, aao, "PT10S");
  const done = await emu.request("GET", location);
  assertStatus(done, 200);
  assert.deepEqual(done.json.tags, { owner: "me", tier: "gold" });
  assert.equal(done.json.properties.provisioningState, "Succeeded");
  // PATCH on a missing cluster is a 404.
  const missing = await emu.request("PATCH", q(mcPath("rg1", "nope")), { body: { tags: {} } });
  assert.equal(missing.status, 404);
});

test("DELETE: 202 with both headers; operationresults 202 then 204; GET 404 afterwards; DELETE of a missing cluster 204", async () => {
  await createCluster(emu, "rg1", "gone");
  const res = await emu.request("DELETE", q(mcPath("rg1", "gone")));
  assertStatus(res, 202);
  const aao = header(res, "azure-asyncoperation")!;
  const location = header(res, "location")!;
  assert.ok(aao && location);
  assert.match(location, /\/locations\/eastus\/operationresults\//);
  assert.match(String(header(res, "retry-after")), /^\d+$/);
  assertStatus(await emu.request("GET", location), 202);
  const mid = await emu.request("GET", q(mcPath("rg1", "gone")));
  assert.equal(mid.json.properties.provisioningState, "Deleting");
  const st = await finish(emu, aao);
  assert.equal(st.status, "Succeeded");
  const done = await emu.request("GET", location);
  assertStatus(done, 204);
  assert.equal(done.text, "");
  const again = await emu.request("DELETE", q(mcPath("rg1", "gone")));
  assertStatus(again, 204);
  assertStatus(await emu.request("DELETE", q(mcPath("rg1", "neverexisted"))), 204);
  assertGatewayError(
    await emu.request("GET", q(mcPath("rg1", "gone"))),
    404,
    "ResourceNotFound",
    "The Resource 'Microsoft.ContainerService/managedClusters/gone' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
  );
});

test("stop and start: 202 + Location; operationresults 202 then 204; powerState follows", async () => {
  await createCluster(emu, "rg1", "power");
  const stop = await emu.request("POST", q(`${mcPath("rg1", "power")}/stop`));
  assertStatus(stop, 202);
  const stopLoc = header(stop, "location")!;
  assert.match(stopLoc, /\/locations\/eastus\/operationresults\//);
  assertStatus(await emu.request("GET", stopLoc), 202);
  assert.equal((await emu.request("GET", q(mcPath("rg1", "power")))).json.properties.provisioningState, "Stopping");
  await finish(emu, header(stop, "azure-asyncoperation")!);
  assertStatus(await emu.request("GET", stopLoc), 204);
  const stopped = await emu.request("GET", q(mcPath("rg1", "power")));
  assert.deepEqual(stopped.json.properties.powerState, { code: "Stopped" });
  assert.equal(stopped.json.properties.provisioningState, "Succeeded");

  const start = await emu.request("POST", q(`${mcPath("rg1", "power")}/start`));
  assertStatus(start, 202);
  const startLoc = header(start, "location")!;
  assertStatus(await emu.request("GET", startLoc), 202);
  await finish(emu, header(start, "azure-asyncoperation")!);
  assertStatus(await emu.request("GET", startLoc), 204);
  const running = await emu.request("GET", q(mcPath("rg1", "power")));
  assert.deepEqual(running.json.properties.powerState, { code: "Running" });
});

test("while stopping or starting, powerState is the goal state (seed 000: 'Provisioning State(Starting) and Power State(Running)')", async () => {
  await createCluster(emu, "rg1", "goal");
  const stop = await emu.request("POST", q(`${mcPath("rg1", "goal")}/stop`));
  assertStatus(stop, 202);
  const stopping = (await emu.request("GET", q(mcPath("rg1", "goal")))).json.properties;
  assert.equal(stopping.provisioningState, "Stopping");
  assert.deepEqual(stopping.powerState, { code: "Stopped" });
  await finish(emu, header(stop, "azure-asyncoperation")!);
  const start = await emu.request("POST", q(`${mcPath("rg1", "goal")}/start`));
  assertStatus(start, 202);
  const starting = (await emu.request("GET", q(mcPath("rg1", "goal")))).json.properties;
  assert.equal(starting.provisioningState, "Starting");
  assert.deepEqual(starting.powerState, { code: "Running" });
  await finish(emu, header(start, "azure-asyncoperation")!);
});

test("GET of a missing cluster: 404 ResourceNotFound with ARM's exact text", async () => {
  assertGatewayError(
    await emu.request("GET", q(mcPath("rg1", "doesnotexist"))),
    404,
    "ResourceNotFound",
    "The Resource 'Microsoft.ContainerService/managedClusters/doesnotexist' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
  );
});

test("list by group and by subscription; paging with nextLink past 100", async () => {
  await emu.createGroup("rg-many");
  await emu.createGroup("rg-few");
  const names = Array.from({ length: 101 }, (_, i) => `m${String(i).padStart(3, "0")}`);
  for (let i = 0; i < names.length; i += 20) {
    const batch = names.slice(i, i + 20);
    const results = await Promise.all(batch.map((n) => emu.request("PUT", q(mcPath("rg-many", n)), { body: clusterBody() })));
    for (const r of results) assertStatus(r, 201);
  }
  assertStatus(await emu.request("PUT", q(mcPath("rg-few", "solo")), { body: clusterBody() }), 201);

  const few = await emu.request("GET", q(`${rgPath("rg-few")}/providers/Microsoft.ContainerService/managedClusters`));
  assertStatus(few, 200);
  assert.equal(few.json.value.length, 1);
  assert.equal(few.json.value[0].name, "solo");
  assert.equal(few.json.value[0].properties.agentPoolProfiles.length, 1);
  assert.equal(few.json.nextLink, undefined);

  const page1 = await emu.request("GET", q(`${rgPath("rg-many")}/providers/Microsoft.ContainerService/managedClusters`));
  assertStatus(page1, 200);
  assert.equal(page1.json.value.length, 100);
  const next = page1.json.nextLink as string;
  assert.ok(next.startsWith(`${emu.url}/subscriptions/${SUB}/resourceGroups/rg-many/providers/Microsoft.ContainerService/managedClusters?`), next);
  assert.match(next, new RegExp(`api-version=${AKS_API}`));
  // A cluster created between two pages is in the next one: the sorted list is kept only while nothing is written.
  assertStatus(await emu.request("PUT", q(mcPath("rg-many", "z-late")), { body: clusterBody() }), 201);
  const page2 = await emu.request("GET", next);
  assertStatus(page2, 200);
  assert.deepEqual(page2.json.value.map((c: any) => c.name), [names[100], "z-late"]);
  assert.equal(page2.json.nextLink, undefined);
  const all = [...page1.json.value, ...page2.json.value].map((c: any) => c.name).sort();
  assert.deepEqual(all, [...names, "z-late"]);

  const badToken = await emu.request("GET", `${q(`${rgPath("rg-many")}/providers/Microsoft.ContainerService/managedClusters`)}&$skipToken=garbage`);
  assertAksError(badToken, 400, "InvalidParameter", "The value of parameter $skipToken is invalid: 'garbage'.", "$skipToken");

  const bySub: string[] = [];
  let url: string | undefined = q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`);
  for (let i = 0; url && i < 10; i++) {
    const page: any = await emu.request("GET", url);
    assertStatus(page, 200);
    bySub.push(...page.json.value.map((c: any) => c.id));
    url = page.json.nextLink;
  }
  assert.ok(bySub.includes(`/subscriptions/${SUB}/resourceGroups/rg-few/providers/Microsoft.ContainerService/managedClusters/solo`));
  assert.equal(bySub.filter((id) => id.includes("/resourceGroups/rg-many/")).length, 102);
  assert.equal(new Set(bySub).size, bySub.length, "no cluster listed twice");
});

test("unknown properties are dropped; spec properties are stored and returned", async () => {
  const body = {
    location: "eastus",
    bogusTopLevel: 1,
    properties: {
      kubernetesVersion: "1.33",
      dnsPrefix: "props",
      notInTheSpec: { a: 1 },
      addonProfiles: { azurepolicy: { enabled: true }, omsagent: { enabled: false, config: { logAnalyticsWorkspaceResourceID: "/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z" } } },
      networkProfile: { networkPlugin: "azure", networkPolicy: "calico", serviceCidr: "10.1.0.0/16", dnsServiceIP: "10.1.0.10" },
      autoUpgradeProfile: { upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" },
      apiServerAccessProfile: { authorizedIPRanges: ["73.140.245.0/24"] },
      agentPoolProfiles: [{ ...systemPool({ count: 1 }), madeUp: "x", availabilityZones: ["1", "2"], upgradeSettings: { maxSurge: "33%" } }],
    },
  };
  const res = await emu.request("PUT", q(mcPath("rg1", "props")), { body });
  assertStatus(res, 201);
  const check = (mc: any) => {
    assert.equal(mc.bogusTopLevel, undefined);
    const p = mc.properties;
    assert.equal(p.notInTheSpec, undefined);
    assert.deepEqual(p.addonProfiles.azurepolicy, { enabled: true });
    assert.equal(p.addonProfiles.omsagent.enabled, false);
    assert.equal(p.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID, "/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z");
    assert.equal(p.networkProfile.networkPolicy, "calico");
    assert.equal(p.networkProfile.networkPlugin, "azure");
    assert.equal(p.networkProfile.serviceCidr, "10.1.0.0/16");
    assert.equal(p.networkProfile.dnsServiceIP, "10.1.0.10");
    assert.deepEqual(p.autoUpgradeProfile, { upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" });
    assert.deepEqual(p.apiServerAccessProfile.authorizedIPRanges, ["73.140.245.0/24"]);
    const pool = p.agentPoolProfiles[0];
    assert.equal(pool.madeUp, undefined);
    assert.deepEqual(pool.availabilityZones, ["1", "2"]);
    assert.equal(pool.upgradeSettings.maxSurge, "33%");
  };
  check(res.json);
  await finish(emu, header(res, "azure-asyncoperation")!);
  check((await emu.request("GET", q(mcPath("rg1", "props")))).json);
  // Read-only properties sent back by a client (a GET-modify-PUT) are ignored, not refused.
  const got = (await emu.request("GET", q(mcPath("rg1", "props")))).json;
  const roundTrip = await emu.request("PUT", q(mcPath("rg1", "props")), { body: got });
  assertStatus(roundTrip, 200);
  check(roundTrip.json);
  await finish(emu, header(roundTrip, "azure-asyncoperation")!);
});

test("wrong types and enum values: 400 InvalidParameter with a target", async () => {
  const cases: [unknown, string, string][] = [
    [clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: "3" })] } }), "properties.agentPoolProfiles[0].count", "The value of parameter properties.agentPoolProfiles[0].count is invalid: expected integer, got string \"3\"."],
    [clusterBody({ properties: { enableRBAC: "yes" } }), "properties.enableRBAC", "The value of parameter properties.enableRBAC is invalid: expected boolean, got string \"yes\"."],
    [clusterBody({ properties: { networkProfile: { networkPolicy: "fancy" } } }), "properties.networkProfile.networkPolicy", "The value of parameter properties.networkProfile.networkPolicy is invalid: 'fancy' is not one of [none, calico, azure, cilium]."],
    [clusterBody({ tags: { a: 1 } }), "tags.a", "The value of parameter tags.a is invalid: expected string, got number 1."],
    [clusterBody({ properties: { agentPoolProfiles: "nodepool1" } }), "properties.agentPoolProfiles", "The value of parameter properties.agentPoolProfiles is invalid: expected array, got string \"nodepool1\"."],
  ];
  for (const [body, target, message] of cases) {
    assertAksError(await emu.request("PUT", q(mcPath("rg1", "typed")), { body }), 400, "InvalidParameter", message, target);
  }
  assert.equal((await emu.request("GET", q(mcPath("rg1", "typed")))).status, 404, "nothing was created");
});

test("an invalid cluster name: 400 InvalidParameter naming the AKS naming rules", async () => {
  const text = "The value of parameter name is invalid. Please see https://aka.ms/aks-naming-rules for more details.";
  for (const name of ["-leading-dash", "has.dot", "a".repeat(64), "under_score_ok_but_$"]) {
    assertAksError(await emu.request("PUT", q(mcPath("rg1", encodeURIComponent(name))), { body: clusterBody() }), 400, "InvalidParameter", text, "name");
  }
  assertStatus(await emu.request("PUT", q(mcPath("rg1", "Ok_name-1")), { body: clusterBody() }), 201);
});

test("an invalid agent pool name in agentPoolProfiles: the AKS text, target agentPoolProfile.name", async () => {
  const text = "The value of parameter agentPoolProfile.name is invalid. Please see https://aka.ms/aks-naming-rules for more details.";
  for (const name of ["NodePool1", "pool_1", "1pool", "averyverylongname"]) {
    const res = await emu.request("PUT", q(mcPath("rg1", "poolname")), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ name })] } }) });
    assertAksError(res, 400, "InvalidParameter", text, "agentPoolProfile.name");
  }
});

test("node counts: 0 on a system pool and 1001 are refused with the exact AKS text", async () => {
  const zero = await emu.request("PUT", q(mcPath("rg1", "counts")), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 0 })] } }) });
  assertAksError(zero, 400, "InvalidParameter", `agentPoolProfile.count was 0. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. ${COUNT_TAIL}`);
  const many = await emu.request("PUT", q(mcPath("rg1", "counts")), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1001 })] } }) });
  assertAksError(many, 400, "InvalidParameter", `agentPoolProfile.count was 1001. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000. ${COUNT_TAIL}`);
  const user = await emu.request("PUT", q(mcPath("rg1", "counts")), {
    body: clusterBody({ properties: { agentPoolProfiles: [systemPool(), { name: "user1", mode: "User", count: 1001 }] } }),
  });
  assertAksError(user, 400, "InvalidParameter", `agentPoolProfile.count was 1001. It must be greater or equal to minCount:0 and less than or equal to maxCount:1000. ${COUNT_TAIL}`);
  // A user pool may have zero nodes.
  const ok = await emu.request("PUT", q(mcPath("rg1", "counts")), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ count: 1 }), { name: "user1", mode: "User", count: 0 }] } }) });
  assertStatus(ok, 201);
  await finish(emu, header(ok, "azure-asyncoperation")!);
  const machines = await emu.request("GET", q(`${mcPath("rg1", "counts")}/agentPools/user1/machines`));
  assertStatus(machines, 200);
  assert.deepEqual(machines.json.value, []);
});

test("a missing location is 400; a location change is refused", async () => {
  const { location: _drop, ...noLocation } = clusterBody();
  const res = await emu.request("PUT", q(mcPath("rg1", "noloc")), { body: noLocation });
  assert.equal(res.status, 400, res.text);
  assertWrapped(res, "LocationRequired", "The location property is required for this definition.");
  await createCluster(emu, "rg1", "mover");
  const moved = await emu.request("PUT", q(mcPath("rg1", "mover")), { body: { ...clusterBody(), location: "westus" } });
  assert.equal(moved.status, 409, moved.text);
  assertWrapped(
    moved,
    "InvalidResourceLocation",
    "The resource 'mover' already exists in location 'eastus' in resource group 'rg1'. A resource with the same name cannot be created in location 'westus'. Please select a new resource name.",
  );
});

test("an unknown location is 400 LocationNotAvailableForResourceType naming the full resource type", async () => {
  // ARM's text (Azure/AKS#5099, azure-cli#4863): the namespace-qualified type, regions without spaces.
  const res = await emu.request("PUT", q(mcPath("rg1", "nowhere")), { body: { ...clusterBody(), location: "moon" } });
  assert.equal(res.status, 400, res.text);
  assertWrapped(
    res,
    "LocationNotAvailableForResourceType",
    /^The provided location 'moon' is not available for resource type 'Microsoft\.ContainerService\/managedClusters'\. List of available regions for the resource type is '[a-z0-9]+(,[a-z0-9]+)+'\.$/,
  );
  // "East US" is eastus.
  const spaced = await emu.request("PUT", q(mcPath("rg1", "spaced")), { body: { ...clusterBody(), location: "East US" } });
  assertStatus(spaced, 201);
  assert.equal(spaced.json.location, "eastus");
  assert.equal(spaced.json.properties.nodeResourceGroup, "MC_rg1_spaced_eastus");
});

test("unsupported Kubernetes versions: K8sVersionNotSupported / AgentPoolK8sVersionNotSupported", async () => {
  for (const v of ["1.29.15", "1.20.7", "1.33.99", "banana"]) {
    const res = await emu.request("PUT", q(mcPath("rg1", "oldver")), { body: clusterBody({ properties: { kubernetesVersion: v } }) });
    assertAksError(res, 400, "K8sVersionNotSupported", `Managed cluster oldver is on version ${v} which is not supported in this region. ${VERSIONS_LINK}`);
  }
  // A supported control plane with an unsupported pool version names the pool's version (simphera#29).
  const pool = await emu.request("PUT", q(mcPath("rg1", "oldver")), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool({ orchestratorVersion: "1.20.7" })] } }) });
  assertAksError(pool, 400, "AgentPoolK8sVersionNotSupported", `Version 1.20.7 is not supported in this region. ${VERSIONS_LINK}`);
});

test("upgrades: skipping a minor and downgrading are 400 OperationNotAllowed with AKS's text; a next-minor upgrade runs", async () => {
  await createCluster(emu, "rg1", "upg", clusterBody({ properties: { kubernetesVersion: "1.32.6" } }));
  const skip = await emu.request("PUT", q(mcPath("rg1", "upg")), { body: clusterBody({ properties: { kubernetesVersion: "1.34.1" } }) });
  assertAksError(skip, 400, "OperationNotAllowed", "Upgrading Kubernetes version 1.32.6 to 1.34.1 is not allowed. Available upgrades: [1.33.3 1.33.2 1.32.7]. Please see https://aka.ms/aks-supported-k8s-ver for version details.");
  const down = await emu.request("PUT", q(mcPath("rg1", "upg")), { body: clusterBody({ properties: { kubernetesVersion: "1.31.11" } }) });
  assertAksError(down, 400, "OperationNotAllowed", "Downgrading Kubernetes version 1.32.6 to 1.31.11 is not allowed. Available upgrades: [1.33.3 1.33.2 1.32.7]. Please see https://aka.ms/aks-supported-k8s-ver for version details.");

  const up = await emu.request("PUT", q(mcPath("rg1", "upg")), { body: clusterBody({ properties: { kubernetesVersion: "1.33.2" } }) });
  assertStatus(up, 200);
  assert.equal(up.json.properties.provisioningState, "Upgrading");
  assert.equal(up.json.properties.kubernetesVersion, "1.33.2");
  assert.equal(up.json.properties.currentKubernetesVersion, "1.32.6", "current version moves only when the control plane is upgraded");
  const st = await finish(emu, header(up, "azure-asyncoperation")!);
  assert.equal(st.status, "Succeeded");
  const done = (await emu.request("GET", q(mcPath("rg1", "upg")))).json;
  assert.equal(done.properties.currentKubernetesVersion, "1.33.2");
  assert.equal(done.properties.agentPoolProfiles[0].currentOrchestratorVersion, "1.33.2");
  const machines = await emu.request("GET", q(`${mcPath("rg1", "upg")}/agentPools/nodepool1/machines`));
  assert.equal(machines.json.value.length, 3, "surge nodes are gone after the upgrade");
  // Reconciling at the new version, then a patch downgrade is refused too.
  const same = await emu.request("PUT", q(mcPath("rg1", "upg")), { body: clusterBody({ properties: { kubernetesVersion: "1.33.2" } }) });
  assertStatus(same, 200);
  await finish(emu, header(same, "azure-asyncoperation")!);
  const back = await emu.request("PUT", q(mcPath("rg1", "upg")), { body: clusterBody({ properties: { kubernetesVersion: "1.32.7" } }) });
  assertAksError(back, 400, "OperationNotAllowed", "Downgrading Kubernetes version 1.33.2 to 1.32.7 is not allowed. Available upgrades: [1.34.1 1.34.0 1.33.3]. Please see https://aka.ms/aks-supported-k8s-ver for version details.");
});

test("etags: If-Match and If-None-Match on PUT, PATCH and DELETE", async () => {
  const created = await createCluster(emu, "rg1", "etag");
  const etag = created.eTag as string;

  const wrong = await emu.request("PUT", q(mcPath("rg1", "etag")), { body: clusterBody(), headers: { "if-match": "not-the-etag" } });
  assertAksError(wrong, 412, "PreconditionFailed", `Operation failed because of etag mismatch: if-match 'not-the-etag' does not match the current etag '${etag}'.`);
  const star = await emu.request("PUT", q(mcPath("rg1", "etag")), { body: clusterBody(), headers: { "if-none-match": "*" } });
  assertAksError(star, 412, "PreconditionFailed", "Operation failed because the resource already exists and if-none-match '*' was specified.");
  const both = await emu.request("PUT", q(mcPath("rg1", "etag")), { body: clusterBody(), headers: { "if-match": etag, "if-none-match": "*" } });
  assertAksError(both, 400, "BadRequest", "The request cannot specify both if-match and if-none-match headers.");
  const badNone = await emu.request("PUT", q(mcPath("rg1", "etag")), { body: clusterBody(), headers: { "if-none-match": "abc" } });
  assertAksError(badNone, 400, "BadRequest", "The value of header if-none-match 'abc' is invalid: only '*' is supported.");
  // Nothing above started an operation.
  assert.equal((await emu.request("GET", q(mcPath("rg1", "etag")))).json.eTag, etag);

  const right = await emu.request("PUT", q(mcPath("rg1", "etag")), { body: clusterBody(), headers: { "if-match": `"${etag}"` } });
  assertStatus(right, 200);
  assert.notEqual(right.json.eTag, etag);
  await finish(emu, header(right, "azure-asyncoperation")!);
  const current = (await emu.request("GET", q(mcPath("rg1", "etag")))).json.eTag as string;
  assert.notEqual(current, right.json.eTag, "the operation's writes change the eTag too");

  // If-None-Match: * makes PUT create-only: fine for a new cluster.
  const fresh = await emu.request("PUT", q(mcPath("rg1", "etag-new")), { body: clusterBody(), headers: { "if-none-match": "*" } });
  assertStatus(fresh, 201);
  // If-Match on a missing cluster.
  const missing = await emu.request("PUT", q(mcPath("rg1", "etag-missing")), { body: clusterBody(), headers: { "if-match": "*" } });
  assertAksError(missing, 412, "PreconditionFailed", "Operation failed because the resource does not exist and if-match was specified.");

  const patchWrong = await emu.request("PATCH", q(mcPath("rg1", "etag")), { body: { tags: { a: "b" } }, headers: { "if-match": etag } });
  assertAksError(patchWrong, 412, "PreconditionFailed", `Operation failed because of etag mismatch: if-match '${etag}' does not match the current etag '${current}'.`);
  const patchRight = await emu.request("PATCH", q(mcPath("rg1", "etag")), { body: { tags: { a: "b" } }, headers: { "if-match": current } });
  assertStatus(patchRight, 202);
  await finish(emu, header(patchRight, "azure-asyncoperation")!, "PT10S");
  const latest = (await emu.request("GET", q(mcPath("rg1", "etag")))).json.eTag as string;
  assert.notEqual(latest, current);
  const delWrong = await emu.request("DELETE", q(mcPath("rg1", "etag")), { headers: { "if-match": current } });
  assertAksError(delWrong, 412, "PreconditionFailed", `Operation failed because of etag mismatch: if-match '${current}' does not match the current etag '${latest}'.`);
  assertStatus(await emu.request("DELETE", q(mcPath("rg1", "etag")), { headers: { "if-match": latest } }), 202);
});

test("listClusterUserCredential / listClusterAdminCredential: a kubeconfig for the cluster's API on this emulator's path, and its CA", async () => {
  await createCluster(emu, "rg1", "creds");
  for (const [action, name] of [["listClusterUserCredential", "clusterUser"], ["listClusterAdminCredential", "clusterAdmin"]] as const) {
    const res = await emu.request("POST", q(`${mcPath("rg1", "creds")}/${action}`));
    assertStatus(res, 200);
    assert.equal(res.json.kubeconfigs.length, 1);
    assert.equal(res.json.kubeconfigs[0].name, name);
    const kubeconfig = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
    const server = /^\s+server: (\S+)$/m.exec(kubeconfig)?.[1];
    assert.ok(server, kubeconfig);
    assert.match(server, new RegExp(`^${emu.url}/_aksemu/kubernetes/[a-z0-9-]+-[0-9a-f]{8}\\.hcp\\.[a-z0-9]+\\.azmk8s\\.io$`));
    const caData = /^\s+certificate-authority-data: (\S+)$/m.exec(kubeconfig)?.[1];
    assert.ok(caData);
    assert.equal(Buffer.from(caData, "base64").toString("utf8").trim(), emu.ca.trim());
    assert.match(kubeconfig, /^kind: Config$/m);
    assert.match(kubeconfig, /^current-context: \S+$/m);
    assert.match(kubeconfig, /^\s+token: \S+$/m);
  }
  assertGatewayError(
    await emu.request("POST", q(`${mcPath("rg1", "nocreds")}/listClusterUserCredential`)),
    404,
    "ResourceNotFound",
    "The Resource 'Microsoft.ContainerService/managedClusters/nocreds' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
  );
});

test("upgradeProfiles/default and locations/eastus/kubernetesVersions", async () => {
  await createCluster(emu, "rg1", "profile", clusterBody({ properties: { kubernetesVersion: "1.32.7" } }));
  const res = await emu.request("GET", q(`${mcPath("rg1", "profile")}/upgradeProfiles/default`));
  assertStatus(res, 200);
  assert.equal(res.json.name, "default");
  assert.equal(res.json.type, "Microsoft.ContainerService/managedClusters/upgradeprofiles");
  assert.equal(res.json.id, `${mcPath("rg1", "profile")}/upgradeprofiles/default`);
  const cp = res.json.properties.controlPlaneProfile;
  assert.equal(cp.name, "master");
  assert.equal(cp.kubernetesVersion, "1.32.7");
  assert.equal(cp.osType, "Linux");
  assert.deepEqual(cp.upgrades, [{ kubernetesVersion: "1.33.3" }, { kubernetesVersion: "1.33.2" }]);
  assert.equal(res.json.properties.agentPoolProfiles[0].name, "nodepool1");
  assert.equal(res.json.properties.agentPoolProfiles[0].kubernetesVersion, "1.32.7");

  const versions = await emu.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions`));
  assertStatus(versions, 200);
  const values = versions.json.values as any[];
  assert.ok(values.length >= 3);
  assert.equal(values.filter((v) => v.isDefault === true).length, 1);
  const v133 = values.find((v) => v.version === "1.33");
  assert.ok(v133);
  assert.deepEqual(v133.patchVersions["1.33.2"].upgrades.slice().sort(), ["1.33.3", "1.34.0", "1.34.1"]);
  assert.ok(Array.isArray(v133.capabilities.supportPlan));
  for (const v of values) {
    assert.match(v.version, /^1\.\d+$/);
    for (const patch of Object.keys(v.patchVersions)) assert.ok(patch.startsWith(`${v.version}.`), patch);
  }
  const unknownLoc = await emu.request("GET", q(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/mars/kubernetesVersions`));
  assert.equal(unknownLoc.status, 400);
});

test("POST actions on a missing cluster: 404 ResourceNotFound", async () => {
  for (const action of ["stop", "start", "abort"]) {
    const res = await emu.request("POST", q(`${mcPath("rg1", "absent")}/${action}`));
    assertGatewayError(res, 404, "ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/absent' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
  }
});

test("an unknown operation id on the status URLs is a 404", async () => {
  const base = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus`;
  for (const path of [`${base}/operations/00000000-0000-0000-0000-000000000000`, `${base}/operationresults/00000000-0000-0000-0000-000000000000`]) {
    const res = await emu.request("GET", q(path));
    assertAksError(res, 404, "NotFound", "Operation '00000000-0000-0000-0000-000000000000' was not found.");
  }
});
