// Seed articles 000 (OperationNotAllowed) and 001 (operation status and abort) with the real az
// 2.45 through proxy mode, and the same command lines through azl against the same emulator, on the
// manual clock: the clusters are in the state each article describes, and both CLIs must print the
// article's error block byte for byte, with the same exit code. Refusals change nothing, so both
// CLIs run against one cluster; writes run on twins set up at the same virtual instant. az 2.45
// has no `aks operation-abort` / `aks nodepool operation-abort` (2.47 added them): there the test
// pins az's refusal and aborts with `az rest`, as the article's REST tab does.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { azTable, getRaw, putCluster, seedArgs } from "../e2e/helpers/azl.js";
import { advance, clusterPath, GA_API, latest, PENDING, secondsZ } from "../e2e/helpers/aks.js";
import type { Emulator } from "../support/emulator.js";
import { azSkip, timingReport, type Cli } from "./support/clis.js";
import { azJson, serviceError, type Parity, cliPair } from "./support/parity.js";
import { startProxied } from "./support/proxied.js";
import { deletionIssued, SEED_COMMANDS as SEED, startRefused, stopOnStopped } from "../support/seed-commands.js";


const RG = "rg-az-seeds";
/** The article's REST abort path (lower-case managedclusters, as printed), on a GA api-version. */
const abortUrl = (cluster: string, pool?: string) =>
  `https://management.azure.com${clusterPath(RG, cluster).replace("/managedClusters/", "/managedclusters/")}${pool ? `/agentPools/${pool}` : ""}/abort?api-version=${GA_API}`;
const vars = (cluster: string, extra: Record<string, string> = {}) => ({ "<myAKSCluster>": cluster, "<myResourceGroup>": RG, myAKSCluster: cluster, myResourceGroup: RG, ...extra });
/** Twin clusters: one for each CLI's writes. */
const twin = (base: string) => (cli: Cli) => `${base}-${cli.name}`;

/** az 2.45 knows no such command (exit 2); the rest of its message comes from an online service the proxy refuses. */
const NOT_IN_AZ_245 = /^ERROR: 'operation-abort' is misspelled or not recognized by the system\.\n/;

let emu: Emulator;
let az: Cli;
let azl: Cli;
let p: Parity;

before(async () => {
  if (azSkip()) return;
  const started = await startProxied({ clock: "manual" });
  emu = started.emu;
  await emu.createGroup(RG);
  ({ az, azl, p } = await cliPair(started));
});
after(async () => {
  if (az) process.stderr.write(`az tier (seeds) timings:\n${timingReport()}\n`);
  az?.close();
  azl?.close();
  await emu?.close();
});

async function rawPut(path: string, body: unknown): Promise<void> {
  const res = await emu.request("PUT", `${path}?api-version=${GA_API}`, { body });
  assert.ok(res.status === 200 || res.status === 201, `PUT ${path}: ${res.status} ${res.text}`);
}

/** A tag change by "another client": the cluster reconciles (Updating). */
async function updateTags(name: string): Promise<void> {
  const c = await getRaw(emu, RG, name);
  await rawPut(clusterPath(RG, name), { location: c.location, tags: { from: "another-client" }, properties: { dnsPrefix: c.properties.dnsPrefix, agentPoolProfiles: c.properties.agentPoolProfiles.map((x: { name: string; count: number; mode: string; vmSize: string }) => ({ name: x.name, count: x.count, mode: x.mode, vmSize: x.vmSize })) } });
}

describe("seed 000: Cluster pending operation (OperationNotAllowed) errors, through az 2.45 and azl", { skip: azSkip() }, () => {
  test("Symptoms: the three pending-operation texts, as az's error block (exit 1)", async () => {
    await putCluster(emu, RG, "sym", [{ name: "nodepool1", count: 1 }]);
    await advance(emu, "PT15M");
    // A cluster upgrade runs: az aks nodepool upgrade (its pool is Upgrading, so az 2.45 does not trip over its own bug) is refused.
    const c = await getRaw(emu, RG, "sym");
    await rawPut(clusterPath(RG, "sym"), { location: "eastus", properties: { kubernetesVersion: "1.34.1", dnsPrefix: c.properties.dnsPrefix, agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System", vmSize: "Standard_DS2_v2", orchestratorVersion: "1.34.1" }] } });
    const anotherOperation = (name: string) => `Operation is not allowed: Another operation (${name}) is in progress, ${PENDING}`;
    await p.same(() => ["aks", "nodepool", "upgrade", "-g", RG, "--cluster-name", "sym", "-n", "nodepool1", "-k", "1.34.1", "--yes"], { code: 1, stderr: serviceError("OperationNotAllowed", anotherOperation("Upgrading")) });
    await advance(emu, "PT1H");

    // A pool scales: another pool operation, and a cluster operation, are refused.
    assert.deepEqual(await az.run(["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "sym", "-n", "nodepool1", "-c", "2", "--no-wait"]), { code: 0, stdout: "", stderr: "" });
    assert.equal((await latest(emu, RG, "sym", "nodepool1")).status, "InProgress");
    await p.same(() => ["aks", "nodepool", "scale", "-g", RG, "--cluster-name", "sym", "-n", "nodepool1", "-c", "3"], {
      code: 1,
      stderr: serviceError("OperationNotAllowed", `Operation is not allowed: Another agentpool operation (nodepool1 - Scaling) is in progress, ${PENDING}`),
    });
    await p.same(() => ["aks", "scale", "-g", RG, "-n", "sym", "-c", "3"], {
      code: 1,
      stderr: serviceError("OperationNotAllowed", `Managed Cluster operation is not allowed: Another operation (Scaling) is in progress on agent pool (nodepool1), ${PENDING}`),
    });
    await advance(emu, "PT1H");
  });

  test("Solution 1: `az aks start` while another client updates the cluster; then abort it (az 2.45: az rest; azl: the article's aks operation-abort)", async () => {
    const name = twin("s1");
    for (const cli of [az, azl]) await putCluster(emu, RG, name(cli));
    await advance(emu, "PT15M");
    for (const cli of [az, azl]) await updateTags(name(cli));
    const op = await latest(emu, RG, name(az));
    assert.equal(op.status, "InProgress");
    assert.equal((await latest(emu, RG, name(azl))).startTime, op.startTime);

    await p.same((cli) => seedArgs(SEED.start, vars(name(cli))), { code: 1, stderr: serviceError("OperationNotAllowed", startRefused("Updating", "Running", secondsZ(op.startTime), "00:00:00")) });

    const missing = await az.run(seedArgs(SEED.clusterAbort, vars(name(az))));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, NOT_IN_AZ_245);
    assert.deepEqual(await az.run(["rest", "--method", "post", "--url", abortUrl(name(az))]), { code: 0, stdout: "", stderr: "" });
    assert.deepEqual(await azl.run(seedArgs(SEED.clusterAbort, vars(name(azl)))), { code: 0, stdout: "", stderr: "" });
    for (const cli of [az, azl]) {
      assert.equal((await getRaw(emu, RG, name(cli))).properties.provisioningState, "Canceling", cli.name);
      assert.equal((await latest(emu, RG, name(cli))).status, "Canceling", cli.name);
    }
    await advance(emu, "PT10S");
    await p.same((cli) => ["aks", "show", "-g", RG, "-n", name(cli), "--query", "provisioningState", "-o", "tsv"], { stdout: "Canceled\n" });
  });

  test("Solution 2: `az aks stop` on a stopped cluster: '7 days and 01:16:37' exactly; remedy: start, then stop works", async () => {
    const name = twin("s2");
    for (const cli of [az, azl]) await putCluster(emu, RG, name(cli));
    await advance(emu, "PT15M");
    await p.same((cli) => [...seedArgs(SEED.stop, vars(name(cli))), "--no-wait"], {});
    const stopOp = await latest(emu, RG, name(az));
    assert.equal(stopOp.operationType, "StopManagedCluster");
    assert.equal((await latest(emu, RG, name(azl))).startTime, stopOp.startTime);
    // 7 days, 1 hour, 16 minutes and 37 seconds after the stop started
    await advance(emu, `PT${7 * 86400 + 3600 + 16 * 60 + 37}S`);
    await p.same((cli) => seedArgs(SEED.stop, vars(name(cli))), { code: 1, stderr: serviceError("OperationNotAllowed", stopOnStopped(secondsZ(stopOp.startTime), "7 days and 01:16:37")) });

    // "start the cluster before attempting to stop it again"
    await p.same((cli) => ["aks", "start", "-n", name(cli), "-g", RG, "--no-wait"], {});
    await advance(emu, "PT10M");
    await p.same((cli) => [...seedArgs(SEED.stop, vars(name(cli))), "--no-wait"], {});
    assert.equal((await latest(emu, RG, name(az))).operationType, "StopManagedCluster");
    await advance(emu, "PT10M");
    await p.same((cli) => ["aks", "show", "-g", RG, "-n", name(cli), "--query", "powerState.code", "-o", "tsv"], { stdout: "Stopped\n" });
  });

  test("Solution 3: `az aks show --output table` while the cluster is actively updating, and after the update succeeded", async () => {
    await putCluster(emu, RG, "s3");
    await advance(emu, "PT15M");
    await updateTags("s3");
    const row = (c: { name: string; location: string; properties: Record<string, string> }) =>
      azTable([{ Name: c.name, Location: c.location, ResourceGroup: RG, KubernetesVersion: c.properties["kubernetesVersion"], CurrentKubernetesVersion: c.properties["currentKubernetesVersion"], ProvisioningState: c.properties["provisioningState"], Fqdn: c.properties["fqdn"] }]);
    const updating = await getRaw(emu, RG, "s3");
    assert.equal(updating.properties.provisioningState, "Updating");
    await p.same(() => seedArgs(SEED.showTable, vars("s3")), { stdout: row(updating) });
    await advance(emu, "PT10M");
    const succeeded = await getRaw(emu, RG, "s3");
    assert.equal(succeeded.properties.provisioningState, "Succeeded");
    await p.same(() => seedArgs(SEED.showTable, vars("s3")), { stdout: row(succeeded) });
  });

  test("Solution 4: `az aks nodepool scale` on a pool whose deletion was issued: the article's message as az prints it", async () => {
    await putCluster(emu, RG, "s4");
    await advance(emu, "PT15M");
    // 200 nodes take longer to delete (10 s a node) than the article's 00:30:28
    await rawPut(`${clusterPath(RG, "s4")}/agentPools/agentpool`, { properties: { count: 200, mode: "User", vmSize: "Standard_DS2_v2" } });
    await advance(emu, "PT15M");
    const del = await emu.request("DELETE", `${clusterPath(RG, "s4")}/agentPools/agentpool?api-version=${GA_API}`);
    assert.equal(del.status, 202, del.text);
    const delOp = await latest(emu, RG, "s4", "agentpool");
    await advance(emu, "PT30M28S");
    await p.same(() => ["aks", "nodepool", "scale", "--resource-group", RG, "--cluster-name", "s4", "--name", "agentpool", "--node-count", "5"], {
      code: 1,
      stderr: serviceError("OperationNotAllowed", deletionIssued("Scaling", "agentpool", secondsZ(delOp.startTime), "00:30:28")),
    });
    await advance(emu, "PT1H");
  });
});

describe("seed 001: Abort an AKS long running operation, through az 2.45 and azl", { skip: azSkip() }, () => {
  test("`az rest --method get --url https://management.azure.com$ResourceID/operations/latest?api-version=2024-01-02-preview`: percentComplete 10, InProgress", async () => {
    await putCluster(emu, RG, "contoso");
    // export ResourceID=$(az aks show ... --query id -o tsv)
    const id = (await getRaw(emu, RG, "contoso")).id as string;
    await p.same(() => ["aks", "show", "-g", RG, "-n", "contoso", "--query", "id", "-o", "tsv"], { stdout: `${id}\n` });
    // the article's sample: 10% into a create
    await advance(emu, "PT30S");
    const op = await latest(emu, RG, "contoso");
    assert.deepEqual([op.status, op.percentComplete], ["InProgress", 10]);
    await p.same(() => seedArgs(SEED.rest, { $ResourceID: id }), { stdout: azJson(op) });
    await advance(emu, "PT15M");
  });

  test("nodepool abort (az 2.45: az rest POST .../agentPools/{pool}/abort; azl: the article's aks nodepool operation-abort): no output, exit 0; Canceling, then Canceled", async () => {
    const name = twin("abortpool");
    for (const cli of [az, azl]) await putCluster(emu, RG, name(cli));
    await advance(emu, "PT15M");
    await p.same((cli) => ["aks", "nodepool", "scale", "--resource-group", RG, "--cluster-name", name(cli), "--name", "nodepool1", "--node-count", "3", "--no-wait"], {});
    const missing = await az.run(seedArgs(SEED.poolAbort, vars(name(az), { myNodePool: "nodepool1" })));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, NOT_IN_AZ_245);
    assert.deepEqual(await az.run(["rest", "--method", "post", "--url", abortUrl(name(az), "nodepool1")]), { code: 0, stdout: "", stderr: "" });
    assert.deepEqual(await azl.run(seedArgs(SEED.poolAbort, vars(name(azl), { myNodePool: "nodepool1" }))), { code: 0, stdout: "", stderr: "" });
    for (const cli of [az, azl]) assert.equal((await latest(emu, RG, name(cli), "nodepool1")).status, "Canceling", cli.name);
    await advance(emu, "PT10S");
    await p.same((cli) => ["aks", "nodepool", "show", "-g", RG, "--cluster-name", name(cli), "-n", "nodepool1", "--query", "provisioningState", "-o", "tsv"], { stdout: "Canceled\n" });
    await p.same((cli) => ["rest", "--method", "get", "--url", `https://management.azure.com${clusterPath(RG, name(cli))}/agentPools/nodepool1/operations/latest?api-version=2024-01-02-preview`, "--query", "status", "-o", "tsv"], { stdout: "Canceled\n" });
  });
});
