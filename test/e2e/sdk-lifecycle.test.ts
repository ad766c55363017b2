// Issue point 3: the official GA SDK (@azure/arm-containerservice 25.3.0) with ClientSecretCredential,
// unmodified but for endpoint, credential and CA, drives the whole lifecycle of managed clusters and
// agent pools; every write is a long-running operation the SDK's poller follows. Also the preview
// SDK (21.2.0-beta.1, api 2024-07-02-preview) and the GA client pinned to api-version 2024-09-01.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";
import { FAST } from "../support/sdk.js";
import { clients, clusterBody } from "./helpers/aks.js";

type Seen = { method: string; url: URL; status: number; body: string | undefined };

/** Records every request a client sends and the answer it got. */
function recorder(): { policy: PipelinePolicy; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    policy: {
      name: "e2eRecorder",
      async sendRequest(req, next) {
        const res = await next(req);
        seen.push({ method: req.method, url: new URL(req.url), status: res.status, body: res.bodyAsText ?? undefined });
        return res;
      },
    },
  };
}

const isStatusPoll = (s: Seen) => /\/providers\/Microsoft\.ContainerService\/locations\/[^/]+\/operations\/[^/]+$/i.test(s.url.pathname);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const notFound = (e: any) => e?.name === "RestError" && e.statusCode === 404;

describe("GA SDK lifecycle (instant clock)", () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ clock: "instant" });
    await emu.createGroup("rg-life");
    await emu.createGroup("rg-other", "westeurope");
  });
  after(() => emu.close());

  test("create, get, list by group and by subscription, delete", async () => {
    const { client } = clients(emu);
    const created = await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "life1", clusterBody({ version: "1.32.7", pools: [{ name: "nodepool1", count: 2 }] }), FAST);
    assert.equal(created.provisioningState, "Succeeded");
    assert.equal(created.kubernetesVersion, "1.32.7");
    assert.equal(created.currentKubernetesVersion, "1.32.7");
    assert.equal(created.powerState?.code, "Running");
    assert.equal(created.nodeResourceGroup, "MC_rg-life_life1_eastus");
    assert.match(created.fqdn ?? "", /\.hcp\.eastus\.azmk8s\.io$/);
    assert.equal(created.id, `/subscriptions/${SUB}/resourceGroups/rg-life/providers/Microsoft.ContainerService/managedClusters/life1`);
    assert.deepEqual(created.agentPoolProfiles?.map((p) => [p.name, p.count, p.mode, p.provisioningState, p.currentOrchestratorVersion]), [["nodepool1", 2, "System", "Succeeded", "1.32.7"]]);
    assert.ok(created.systemData?.createdAt instanceof Date);
    assert.ok(typeof created.eTag === "string" && created.eTag.length > 0);

    const got = await client.managedClusters.get("rg-life", "life1");
    assert.equal(got.provisioningState, "Succeeded");
    assert.equal(got.name, "life1");

    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "life2", clusterBody(), FAST);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-other", "other1", { ...clusterBody(), location: "westeurope" }, FAST);
    const inGroup = await collect(client.managedClusters.listByResourceGroup("rg-life"));
    assert.deepEqual(inGroup.map((c) => c.name).sort(), ["life1", "life2"]);
    const inSub = await collect(client.managedClusters.list());
    assert.deepEqual(inSub.map((c) => c.name).sort(), ["life1", "life2", "other1"]);
    assert.equal(inSub.find((c) => c.name === "other1")?.location, "westeurope");

    await client.managedClusters.beginDeleteAndWait("rg-life", "life2", FAST);
    await assert.rejects(client.managedClusters.get("rg-life", "life2"), notFound);
    assert.deepEqual((await collect(client.managedClusters.listByResourceGroup("rg-life"))).map((c) => c.name), ["life1"]);
    await client.managedClusters.beginDeleteAndWait("rg-other", "other1", FAST);
    assert.deepEqual((await collect(client.managedClusters.list())).map((c) => c.name), ["life1"]);
  });

  test("scale through agentPoolProfiles count and through agentPools count", async () => {
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "scale", clusterBody(), FAST);

    const up = await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "scale", clusterBody({ pools: [{ name: "nodepool1", count: 3 }] }), FAST);
    assert.equal(up.provisioningState, "Succeeded");
    assert.equal(up.agentPoolProfiles?.[0]?.count, 3);
    assert.equal((await collect(client.machines.list("rg-life", "scale", "nodepool1"))).length, 3);

    const pool = await client.agentPools.beginCreateOrUpdateAndWait("rg-life", "scale", "nodepool1", { count: 2, mode: "System" }, FAST);
    assert.equal(pool.provisioningState, "Succeeded");
    assert.equal(pool.count, 2);
    const machines = await collect(client.machines.list("rg-life", "scale", "nodepool1"));
    assert.equal(machines.length, 2);
    for (const m of machines) assert.match(m.name ?? "", /^aks-nodepool1-\d{8}-vmss[0-9a-z]{6}$/);
    const one = await client.machines.get("rg-life", "scale", "nodepool1", machines[0]!.name!);
    assert.equal(one.name, machines[0]!.name);
    assert.match(one.properties?.resourceId ?? "", /\/virtualMachineScaleSets\/aks-nodepool1-\d{8}-vmss\/virtualMachines\/\d+$/);
    // the cluster mirrors its pools
    assert.equal((await client.managedClusters.get("rg-life", "scale")).agentPoolProfiles?.[0]?.count, 2);
  });

  test("upgrade through kubernetesVersion (1.32.7 → 1.33.3), with the upgrade profiles before and after", async () => {
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "upg", clusterBody({ version: "1.32.7", pools: [{ name: "nodepool1", count: 2 }] }), FAST);

    const before = await client.managedClusters.getUpgradeProfile("rg-life", "upg");
    assert.equal(before.controlPlaneProfile.kubernetesVersion, "1.32.7");
    assert.ok(before.controlPlaneProfile.upgrades?.some((u) => u.kubernetesVersion === "1.33.3"));
    assert.equal(before.agentPoolProfiles[0]?.name, "nodepool1");
    assert.equal(before.agentPoolProfiles[0]?.kubernetesVersion, "1.32.7");

    const mc = await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "upg", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 2 }] }), FAST);
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.kubernetesVersion, "1.33.3");
    assert.equal(mc.currentKubernetesVersion, "1.33.3");
    assert.equal(mc.agentPoolProfiles?.[0]?.currentOrchestratorVersion, "1.33.3");

    const afterwards = await client.managedClusters.getUpgradeProfile("rg-life", "upg");
    assert.equal(afterwards.controlPlaneProfile.kubernetesVersion, "1.33.3");
    assert.ok(!afterwards.controlPlaneProfile.upgrades?.some((u) => u.kubernetesVersion === "1.33.3"));
  });

  test("upgrade an agent pool through orchestratorVersion", async () => {
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "poolupg", clusterBody({ version: "1.32.7", pools: [{ name: "nodepool1", count: 1 }] }), FAST);
    // control plane only: every pool's orchestratorVersion given and unchanged
    const cp = await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "poolupg", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 1, orchestratorVersion: "1.32.7" }] }), FAST);
    assert.equal(cp.currentKubernetesVersion, "1.33.3");
    assert.equal(cp.agentPoolProfiles?.[0]?.currentOrchestratorVersion, "1.32.7");

    const profile = await client.agentPools.getUpgradeProfile("rg-life", "poolupg", "nodepool1");
    assert.equal(profile.kubernetesVersion, "1.32.7");
    assert.ok(profile.upgrades?.some((u) => u.kubernetesVersion === "1.33.3"));

    const pool = await client.agentPools.beginCreateOrUpdateAndWait("rg-life", "poolupg", "nodepool1", { count: 1, mode: "System", orchestratorVersion: "1.33.3" }, FAST);
    assert.equal(pool.provisioningState, "Succeeded");
    assert.equal(pool.orchestratorVersion, "1.33.3");
    assert.equal(pool.currentOrchestratorVersion, "1.33.3");
    assert.equal((await client.agentPools.getUpgradeProfile("rg-life", "poolupg", "nodepool1")).kubernetesVersion, "1.33.3");
  });

  test("stop and start a cluster", async () => {
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "power", clusterBody(), FAST);
    await client.managedClusters.beginStopAndWait("rg-life", "power", FAST);
    let mc = await client.managedClusters.get("rg-life", "power");
    assert.equal(mc.powerState?.code, "Stopped");
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.agentPoolProfiles?.[0]?.powerState?.code, "Stopped");
    await client.managedClusters.beginStartAndWait("rg-life", "power", FAST);
    mc = await client.managedClusters.get("rg-life", "power");
    assert.equal(mc.powerState?.code, "Running");
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.agentPoolProfiles?.[0]?.powerState?.code, "Running");
  });

  test("agent pools: create, get, list, stop/start through powerState, delete", async () => {
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "pools", clusterBody(), FAST);
    const created = await client.agentPools.beginCreateOrUpdateAndWait("rg-life", "pools", "userpool", { count: 2, mode: "User", vmSize: "Standard_D4s_v5" }, FAST);
    assert.equal(created.provisioningState, "Succeeded");
    assert.equal(created.count, 2);
    assert.equal(created.vmSize, "Standard_D4s_v5");
    assert.equal(created.mode, "User");
    assert.equal((await client.agentPools.get("rg-life", "pools", "userpool")).name, "userpool");
    assert.deepEqual((await collect(client.agentPools.list("rg-life", "pools"))).map((p) => p.name), ["nodepool1", "userpool"]);
    assert.deepEqual((await client.managedClusters.get("rg-life", "pools")).agentPoolProfiles?.map((p) => p.name), ["nodepool1", "userpool"]);

    const stopped = await client.agentPools.beginCreateOrUpdateAndWait("rg-life", "pools", "userpool", { count: 2, mode: "User", powerState: { code: "Stopped" } }, FAST);
    assert.equal(stopped.powerState?.code, "Stopped");
    const started = await client.agentPools.beginCreateOrUpdateAndWait("rg-life", "pools", "userpool", { count: 2, mode: "User", powerState: { code: "Running" } }, FAST);
    assert.equal(started.powerState?.code, "Running");

    await client.agentPools.beginDeleteAndWait("rg-life", "pools", "userpool", FAST);
    await assert.rejects(client.agentPools.get("rg-life", "pools", "userpool"), notFound);
    assert.deepEqual((await collect(client.agentPools.list("rg-life", "pools"))).map((p) => p.name), ["nodepool1"]);
  });

  test("listClusterUserCredentials returns a kubeconfig pointing at the emulator; versions and available agent pool versions", async () => {
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "creds", clusterBody(), FAST);
    const creds = await client.managedClusters.listClusterUserCredentials("rg-life", "creds");
    assert.equal(creds.kubeconfigs?.length, 1);
    const kc = creds.kubeconfigs![0]!;
    assert.equal(kc.name, "clusterUser");
    assert.ok(kc.value instanceof Uint8Array);
    const text = Buffer.from(kc.value!).toString("utf8");
    assert.match(text, /^apiVersion: v1\n/);
    assert.ok(text.includes(`server: ${emu.url}/_aksemu/kubernetes/`), text);
    assert.ok(text.includes(`certificate-authority-data: ${Buffer.from(emu.ca).toString("base64")}`));
    assert.match(text, /current-context: creds\n/);

    const versions = await client.managedClusters.listKubernetesVersions("eastus");
    const minors = versions.values?.map((v) => v.version) ?? [];
    assert.ok(minors.includes("1.32") && minors.includes("1.33"), minors.join(","));
    const v133 = versions.values?.find((v) => v.version === "1.33");
    assert.ok(v133?.patchVersions && "1.33.3" in v133.patchVersions);
    assert.equal(v133.patchVersions["1.32.7"], undefined);
    assert.ok(versions.values?.find((v) => v.version === "1.32")?.patchVersions?.["1.32.7"]?.upgrades?.includes("1.33.3"));

    const available = await client.agentPools.getAvailableAgentPoolVersions("rg-life", "creds");
    const list = available.agentPoolVersions ?? [];
    assert.ok(list.some((v) => v.kubernetesVersion === "1.32.7"));
    assert.equal(list.find((v) => v.default)?.kubernetesVersion, "1.33.3");
  });

  test("the preview SDK (21.2.0-beta.1, api-version 2024-07-02-preview) creates a cluster", async () => {
    const { preview } = clients(emu);
    const rec = recorder();
    preview.pipeline.addPolicy(rec.policy);
    const mc = await preview.managedClusters.beginCreateOrUpdateAndWait(
      "rg-life",
      "prev",
      { location: "eastus", dnsPrefix: "prev", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System", vmSize: "Standard_DS2_v2" }] },
      FAST,
    );
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.agentPoolProfiles?.[0]?.provisioningState, "Succeeded");
    const arm = rec.seen.filter((s) => s.url.pathname.startsWith("/subscriptions/"));
    assert.ok(arm.length >= 3, "PUT, poll(s), final GET");
    assert.equal(arm[0]?.method, "PUT");
    assert.equal(arm[0]?.status, 201);
    for (const s of arm) assert.equal(s.url.searchParams.get("api-version"), "2024-07-02-preview", s.url.href);
    assert.equal((await preview.managedClusters.get("rg-life", "prev")).name, "prev");
  });

  test("the GA client pinned to apiVersion 2024-09-01 creates a cluster", async () => {
    const { credential } = clients(emu);
    const client = new ContainerServiceClient(credential, SUB, { endpoint: emu.url, apiVersion: "2024-09-01" });
    const rec = recorder();
    client.pipeline.addPolicy(rec.policy);
    const mc = await client.managedClusters.beginCreateOrUpdateAndWait("rg-life", "pinned", clusterBody(), FAST);
    assert.equal(mc.provisioningState, "Succeeded");
    const arm = rec.seen.filter((s) => s.url.pathname.startsWith("/subscriptions/"));
    assert.ok(arm.length >= 3);
    for (const s of arm) assert.equal(s.url.searchParams.get("api-version"), "2024-09-01", s.url.href);
    await client.managedClusters.beginDeleteAndWait("rg-life", "pinned", FAST);
    await assert.rejects(client.managedClusters.get("rg-life", "pinned"), notFound);
  });
});

describe("GA SDK lifecycle (realtime clock, speed 300)", () => {
  let emu: Emulator;
  before(async () => {
    // At speed 300 the shortest operation here (a 90 s stop) lasts 300 ms of wall time: the
    // SDK's first poll (immediate) and the next ones (every 20 ms) see it running.
    emu = await startEmulator({ clock: "realtime", speed: 300 });
    await emu.createGroup("rg-rt");
  });
  after(() => emu.close());

  test("the poller really follows the operation: InProgress polls before Succeeded, for create, scale, stop, start and delete", async () => {
    const { client } = clients(emu);
    const rec = recorder();
    client.pipeline.addPolicy(rec.policy);
    const statusesOf = async <T>(run: () => Promise<T>): Promise<{ result: T; statuses: string[]; initial: Seen }> => {
      const from = rec.seen.length;
      const result = await run();
      const mine = rec.seen.slice(from);
      return { result, initial: mine[0]!, statuses: mine.filter(isStatusPoll).map((s) => JSON.parse(s.body ?? "{}").status as string) };
    };
    const expectFollowed = (what: string, statuses: string[]) => {
      assert.ok(statuses.length >= 2, `${what}: ${statuses.join(",")}`);
      assert.equal(statuses.at(-1), "Succeeded", `${what}: ${statuses.join(",")}`);
      assert.ok(statuses.slice(0, -1).every((s) => s === "InProgress"), `${what}: ${statuses.join(",")}`);
    };

    const create = await statusesOf(() => client.managedClusters.beginCreateOrUpdateAndWait("rg-rt", "rt", clusterBody({ pools: [{ name: "nodepool1", count: 2 }] }), FAST));
    assert.equal((create.result as ManagedCluster).provisioningState, "Succeeded");
    assert.equal(create.initial.method, "PUT");
    assert.equal(create.initial.status, 201);
    expectFollowed("create", create.statuses);

    const scale = await statusesOf(() => client.agentPools.beginCreateOrUpdateAndWait("rg-rt", "rt", "nodepool1", { count: 3, mode: "System" }, FAST));
    assert.equal(scale.initial.status, 200);
    expectFollowed("scale", scale.statuses);
    assert.equal(scale.result.count, 3);

    const stop = await statusesOf(() => client.managedClusters.beginStopAndWait("rg-rt", "rt", FAST));
    assert.equal(stop.initial.status, 202);
    expectFollowed("stop", stop.statuses);
    assert.equal((await client.managedClusters.get("rg-rt", "rt")).powerState?.code, "Stopped");

    const start = await statusesOf(() => client.managedClusters.beginStartAndWait("rg-rt", "rt", FAST));
    expectFollowed("start", start.statuses);
    assert.equal((await client.managedClusters.get("rg-rt", "rt")).powerState?.code, "Running");

    const del = await statusesOf(() => client.managedClusters.beginDeleteAndWait("rg-rt", "rt", FAST));
    assert.equal(del.initial.method, "DELETE");
    assert.equal(del.initial.status, 202);
    expectFollowed("delete", del.statuses);
    await assert.rejects(client.managedClusters.get("rg-rt", "rt"), notFound);
  });
});

describe("a long SDK session on a fast realtime clock", () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ clock: "realtime", speed: 100_000 });
    await emu.createGroup("rg-long");
  });
  after(() => emu.close());

  test("one GA client keeps working after more than an hour of virtual time (its token is cached for expires_in wall-clock seconds)", async () => {
    // At the default speed 30 an hour of virtual time is two real minutes, yet the SDK's credential
    // (msal-node) caches the token for `expires_in` real seconds: a client set up by a user must not
    // start failing with 401 ExpiredAuthenticationToken after a few minutes of use.
    const { client } = clients(emu);
    await client.managedClusters.beginCreateOrUpdateAndWait("rg-long", "long", clusterBody(), FAST);
    await new Promise((r) => setTimeout(r, 200)); // 200 ms × 100000 ≈ 5.5 virtual hours
    const mc = await client.managedClusters.get("rg-long", "long");
    assert.equal(mc.provisioningState, "Succeeded");
  });
});
