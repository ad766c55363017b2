// Seed 000 ("Cluster pending operation (OperationNotAllowed) errors"), end to end with the official
// GA SDK (@azure/arm-containerservice 25.3.0) and ClientSecretCredential against a real emulator on
// the manual clock: every symptom, its exact text and its remedy.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { FAST } from "../support/sdk.js";
import {
  GA_API,
  PENDING,
  SUB,
  advance,
  arm,
  assertAksError,
  clients,
  clusterBody,
  clusterPath,
  createCluster,
  eventually,
  latest,
  rejectsWith,
  secondsZ,
  settle,
} from "./helpers/aks.js";

const RG = "rg-seed000";
let emu: Emulator;

before(async () => {
  emu = await startEmulator({ clock: "manual" });
  await emu.createGroup(RG);
});
after(() => emu.close());

const anotherOperation = (name: string) => `Operation is not allowed: Another operation (${name}) is in progress, ${PENDING}`;
const anotherPoolOperation = (name: string) => `Operation is not allowed: Another agentpool operation (${name}) is in progress, ${PENDING}`;
const blockedByPool = (op: string, pool: string) => `Managed Cluster operation is not allowed: Another operation (${op}) is in progress on agent pool (${pool}), ${PENDING}`;
const powerRefused = (prov: string, power: string, action: "starting" | "stopping", startedAt: string, elapsed: string) =>
  `managed cluster is in Provisioning State(${prov}) and Power State(${power}), ${action} cannot be performed The previous operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
const stopOnStopped = (startedAt: string, elapsed: string) =>
  `managed cluster is not currently running, stopping cannot be performed; The stop operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
// No real sample exists for start on a running cluster: error-catalog.ts `startOnRunningCluster` mirrors the stop form.
const startOnRunning = (startedAt: string, elapsed: string) =>
  `managed cluster is already running, starting cannot be performed; The start operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
const deletionIssued = (op: string, name: string, startedAt: string, elapsed: string) =>
  `Unable to perform '${op}' operation on '${name}' since deletion was issued on '${name}'. The only allowed operation is deletion once deletion has started. The delete operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
const stoppedCluster = (rg: string) =>
  `An error has occurred in subscription ${SUB}, resourceGroup: ${rg} request: Managed Cluster is in stopped state, no operations except for start are allowed.`;

describe("Symptoms: another operation is in progress", () => {
  test("cluster operation running (Upgrading): a second cluster PUT and an agent pool PUT are refused; after the wait the retry works", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "upg", clusterBody({ version: "1.32.7" }));

    const upgrade = await client.managedClusters.beginCreateOrUpdate(RG, "upg", clusterBody({ version: "1.33.3" }), FAST);
    const upgraded = settle(upgrade.pollUntilDone());
    const message = anotherOperation("Upgrading");

    // a second cluster PUT (scale through agentPoolProfiles)
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "upg", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 2 }] }), FAST), 409, "OperationNotAllowed", message);
    // the raw bytes: AKS's bare body, not ARM's {"error":{...}} wrapper
    const raw = await arm(emu, "PUT", `${clusterPath(RG, "upg")}?api-version=${GA_API}`, { location: "eastus", properties: { kubernetesVersion: "1.33.3", dnsPrefix: "e2e", agentPoolProfiles: [{ name: "nodepool1", count: 2, mode: "System" }] } });
    assertAksError(raw, 409, "OperationNotAllowed", message);
    // a new agent pool while the cluster operation runs
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "upg", "pool2", { count: 1, mode: "User", orchestratorVersion: "1.32.7" }, FAST), 409, "OperationNotAllowed", message);

    // Solution 1: wait until the operation finishes, then retry.
    await advance(emu, "PT30M");
    const outcome = await upgraded;
    assert.ok(outcome.ok, `upgrade failed: ${outcome.ok ? "" : outcome.error}`);
    assert.equal(outcome.value.currentKubernetesVersion, "1.33.3");
    const scale = await client.managedClusters.beginCreateOrUpdate(RG, "upg", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 2 }] }), FAST);
    const scaled = scale.pollUntilDone();
    await advance(emu, "PT10M");
    const mc = await scaled;
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.agentPoolProfiles?.[0]?.count, 2);
  });

  test("an agent pool PUT during a cluster upgrade gets the pending-operation text, not a version-skew error", async () => {
    // During `az aks upgrade`, AKS answers a pool operation with OperationNotAllowed (ERROR-TEXTS.md §1,
    // azure-workload-identity#417): the pending-operation check comes before the version rules.
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "upgpool", clusterBody({ version: "1.32.7" }));
    const upgrade = await client.managedClusters.beginCreateOrUpdate(RG, "upgpool", clusterBody({ version: "1.33.3" }), FAST);
    const upgraded = settle(upgrade.pollUntilDone());
    try {
      await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "upgpool", "nodepool1", { count: 2, mode: "System" }, FAST), 409, "OperationNotAllowed", anotherOperation("Upgrading"));
    } finally {
      await advance(emu, "PT30M");
      assert.ok((await upgraded).ok);
    }
  });

  test("cluster operation running (Updating): cluster and agent pool operations get the 'Another operation (Updating)' form", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "upd");

    // A PUT that changes nothing structural (here: tags) reconciles the cluster: provisioningState Updating.
    const update = await client.managedClusters.beginCreateOrUpdate(RG, "upd", clusterBody({ tags: { team: "a" } }), FAST);
    const updated = settle(update.pollUntilDone());
    const message = anotherOperation("Updating");
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "upd", clusterBody({ pools: [{ name: "nodepool1", count: 3 }] }), FAST), 409, "OperationNotAllowed", message);
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "upd", "nodepool1", { count: 3, mode: "System" }, FAST), 409, "OperationNotAllowed", message);
    const rawPool = await arm(emu, "PUT", `${clusterPath(RG, "upd")}/agentPools/nodepool1?api-version=${GA_API}`, { properties: { count: 3, mode: "System" } });
    assertAksError(rawPool, 409, "OperationNotAllowed", message);

    // Solution 3 (az aks show -o table): the cluster is actively updating, then the update succeeded.
    const during = await client.managedClusters.get(RG, "upd");
    assert.equal(during.provisioningState, "Updating");
    await advance(emu, "PT10M");
    const outcome = await updated;
    assert.ok(outcome.ok);
    const afterwards = await client.managedClusters.get(RG, "upd");
    assert.equal(afterwards.provisioningState, "Succeeded");
    assert.deepEqual(afterwards.tags, { team: "a" });
    // "Retry the start, scale, or other previously failed operation."
    const scale = await client.agentPools.beginCreateOrUpdate(RG, "upd", "nodepool1", { count: 3, mode: "System" }, FAST);
    const scaled = scale.pollUntilDone();
    await advance(emu, "PT10M");
    assert.equal((await scaled).count, 3);
  });

  test("agent pool operation running: the agent pool variant, and the cluster-while-pool variant naming the pool", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "poolop");

    const scale = await client.agentPools.beginCreateOrUpdate(RG, "poolop", "nodepool1", { count: 3, mode: "System" }, FAST);
    const scaled = settle(scale.pollUntilDone());
    assert.equal((await client.agentPools.get(RG, "poolop", "nodepool1")).provisioningState, "Scaling");

    // another operation on the same pool
    const poolMessage = anotherPoolOperation("nodepool1 - Scaling");
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "poolop", "nodepool1", { count: 4, mode: "System" }, FAST), 409, "OperationNotAllowed", poolMessage);
    assertAksError(await arm(emu, "PUT", `${clusterPath(RG, "poolop")}/agentPools/nodepool1?api-version=${GA_API}`, { properties: { count: 4, mode: "System" } }), 409, "OperationNotAllowed", poolMessage);

    // a cluster operation while the pool operation runs
    const clusterMessage = blockedByPool("Scaling", "nodepool1");
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "poolop", clusterBody({ tags: { x: "1" } }), FAST), 409, "OperationNotAllowed", clusterMessage);
    assertAksError(
      await arm(emu, "PUT", `${clusterPath(RG, "poolop")}?api-version=${GA_API}`, { location: "eastus", tags: { x: "1" }, properties: { dnsPrefix: "e2e", agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }] } }),
      409,
      "OperationNotAllowed",
      clusterMessage,
    );

    await advance(emu, "PT10M");
    const outcome = await scaled;
    assert.ok(outcome.ok);
    assert.equal(outcome.value.count, 3);

    // A pool being created: "Another agentpool operation (pool2 - Creating)" (the cilium#25944 form).
    const create = await client.agentPools.beginCreateOrUpdate(RG, "poolop", "pool2", { count: 1, mode: "User" }, FAST);
    const created = create.pollUntilDone();
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "poolop", "pool2", { count: 2, mode: "User" }, FAST), 409, "OperationNotAllowed", anotherPoolOperation("pool2 - Creating"));
    await rejectsWith(client.managedClusters.beginStopAndWait(RG, "poolop", FAST), 409, "OperationNotAllowed", blockedByPool("Creating", "pool2"));
    await advance(emu, "PT10M");
    assert.equal((await created).provisioningState, "Succeeded");
  });
});

describe("Solution 1: wait until the operation finishes (or abort it)", () => {
  test("start while the cluster is updating: the exact text with the operation's start time and elapsed time; waiting resolves it", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "s1");

    const update = await client.managedClusters.beginCreateOrUpdate(RG, "s1", clusterBody({ tags: { from: "another-client" } }), FAST);
    const updated = settle(update.pollUntilDone());
    const op = await latest(emu, RG, "s1");
    assert.equal(op.status, "InProgress");
    const startedAt = secondsZ(op.startTime);

    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "s1", FAST), 409, "OperationNotAllowed", powerRefused("Updating", "Running", "starting", startedAt, "00:00:00"));
    assertAksError(await arm(emu, "POST", `${clusterPath(RG, "s1")}/start?api-version=${GA_API}`), 409, "OperationNotAllowed", powerRefused("Updating", "Running", "starting", startedAt, "00:00:00"));
    await advance(emu, "PT7S");
    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "s1", FAST), 409, "OperationNotAllowed", powerRefused("Updating", "Running", "starting", startedAt, "00:00:07"));
    await rejectsWith(client.managedClusters.beginStopAndWait(RG, "s1", FAST), 409, "OperationNotAllowed", powerRefused("Updating", "Running", "stopping", startedAt, "00:00:07"));

    // wait: the update finishes, and the power action is accepted
    await advance(emu, "PT10M");
    assert.ok((await updated).ok);
    assert.equal((await client.managedClusters.get(RG, "s1")).provisioningState, "Succeeded");

    // The same conflict with the stop the start was meant to undo: start while Stopping.
    const stop = await client.managedClusters.beginStop(RG, "s1", FAST);
    const stopped = stop.pollUntilDone();
    const stopOp = await latest(emu, RG, "s1");
    assert.equal(stopOp.subOperationType, "Stopping");
    await advance(emu, "PT3S");
    // powerState is the goal state from the moment an operation is accepted (see the "Starting" case below)
    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "s1", FAST), 409, "OperationNotAllowed", powerRefused("Stopping", "Stopped", "starting", secondsZ(stopOp.startTime), "00:00:03"));
    await advance(emu, "PT10M");
    await stopped;
    assert.equal((await client.managedClusters.get(RG, "s1")).powerState?.code, "Stopped");
    const start = await client.managedClusters.beginStart(RG, "s1", FAST);
    const started = start.pollUntilDone();
    const startOp = await latest(emu, RG, "s1");
    // The seed's "Message:" line exactly: a second start while the first is Starting, at once.
    const seedLine = powerRefused("Starting", "Running", "starting", secondsZ(startOp.startTime), "00:00:00");
    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "s1", FAST), 409, "OperationNotAllowed", seedLine);
    assertAksError(await arm(emu, "POST", `${clusterPath(RG, "s1")}/start?api-version=${GA_API}`), 409, "OperationNotAllowed", seedLine);
    await advance(emu, "PT10M");
    await started;
    const mc = await client.managedClusters.get(RG, "s1");
    assert.equal(mc.powerState?.code, "Running");
    assert.equal(mc.provisioningState, "Succeeded");
  });

  test("or abort the long running operation (az aks operation-abort): then the retried operation is accepted", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "s1abort");

    const update = await client.managedClusters.beginCreateOrUpdate(RG, "s1abort", clusterBody({ tags: { slow: "yes" } }), FAST);
    const updated = settle(update.pollUntilDone());
    const op = await latest(emu, RG, "s1abort");
    const scaleBody = clusterBody({ tags: { slow: "yes" }, pools: [{ name: "nodepool1", count: 2 }] });
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "s1abort", scaleBody, FAST), 409, "OperationNotAllowed", anotherOperation("Updating"));
    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "s1abort", FAST), 409, "OperationNotAllowed", powerRefused("Updating", "Running", "starting", secondsZ(op.startTime), "00:00:00"));

    await client.managedClusters.beginAbortLatestOperationAndWait(RG, "s1abort", FAST);
    assert.equal((await client.managedClusters.get(RG, "s1abort")).provisioningState, "Canceling");
    await advance(emu, "PT10S");
    assert.equal((await client.managedClusters.get(RG, "s1abort")).provisioningState, "Canceled");
    const outcome = await updated;
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.message, "Operation was canceled");

    const retry = await client.managedClusters.beginCreateOrUpdate(RG, "s1abort", scaleBody, FAST);
    const retried = retry.pollUntilDone();
    await advance(emu, "PT10M");
    const mc = await retried;
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.agentPoolProfiles?.[0]?.count, 2);
  });
});

describe("Solution 2: don't perform two similar operations in a row", () => {
  test("stop a stopped cluster: '7 days and 01:16:37' exactly, and an elapsed time under a day; remedy: start, then stop works again", async () => {
    let { client } = clients(emu);
    await createCluster(emu, client, RG, "s2");
    const stop = await client.managedClusters.beginStop(RG, "s2", FAST);
    const stopped = stop.pollUntilDone();
    const stopOp = await latest(emu, RG, "s2");
    assert.equal(stopOp.operationType, "StopManagedCluster");
    const stopStartedAt = secondsZ(stopOp.startTime);
    await advance(emu, "PT5M");
    await stopped;
    assert.equal((await client.managedClusters.get(RG, "s2")).powerState?.code, "Stopped");

    // under one day: elapsed since the stop operation started
    await rejectsWith(client.managedClusters.beginStopAndWait(RG, "s2", FAST), 409, "OperationNotAllowed", stopOnStopped(stopStartedAt, "00:05:00"));

    // The seed's '7 days and 01:16:37': 609397 s after the stop started; 300 s have passed.
    await advance(emu, `PT${7 * 86400 + 3600 + 16 * 60 + 37 - 300}S`);
    ({ client } = clients(emu)); // a week of virtual time: the old token has expired, as a real one would
    const message = stopOnStopped(stopStartedAt, "7 days and 01:16:37");
    await rejectsWith(client.managedClusters.beginStopAndWait(RG, "s2", FAST), 409, "OperationNotAllowed", message);
    assertAksError(await arm(emu, "POST", `${clusterPath(RG, "s2")}/stop?api-version=${GA_API}`), 409, "OperationNotAllowed", message);

    // remedy: start the cluster before stopping it again
    const start = await client.managedClusters.beginStart(RG, "s2", FAST);
    const started = start.pollUntilDone();
    await advance(emu, "PT10M");
    await started;
    assert.equal((await client.managedClusters.get(RG, "s2")).powerState?.code, "Running");
    const stopAgain = await client.managedClusters.beginStop(RG, "s2", FAST);
    const stoppedAgain = stopAgain.pollUntilDone();
    await advance(emu, "PT10M");
    await stoppedAgain;
    const mc = await client.managedClusters.get(RG, "s2");
    assert.equal(mc.powerState?.code, "Stopped");
    assert.equal(mc.provisioningState, "Succeeded");
  });

  test("start a running cluster: the mirrored text, timed from the last start (or the creation)", async () => {
    let { client } = clients(emu);
    const created = await createCluster(emu, client, RG, "running");
    assert.ok(created.systemData?.createdAt instanceof Date);
    // Never started: the clock counts from the creation (createCluster moved the clock by 15 minutes).
    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "running", FAST), 409, "OperationNotAllowed", startOnRunning(secondsZ(created.systemData.createdAt), "00:15:00"));

    const stop = await client.managedClusters.beginStop(RG, "running", FAST);
    const stopped = stop.pollUntilDone();
    await advance(emu, "PT10M");
    await stopped;
    const start = await client.managedClusters.beginStart(RG, "running", FAST);
    const started = start.pollUntilDone();
    const startOp = await latest(emu, RG, "running");
    assert.equal(startOp.operationType, "StartManagedCluster");
    await advance(emu, "PT10M");
    await started;
    await advance(emu, "PT1H6M37S"); // 01:16:37 after the start operation began
    ({ client } = clients(emu)); // over an hour of virtual time: a new token
    const message = startOnRunning(secondsZ(startOp.startTime), "01:16:37");
    await rejectsWith(client.managedClusters.beginStartAndWait(RG, "running", FAST), 409, "OperationNotAllowed", message);
    assertAksError(await arm(emu, "POST", `${clusterPath(RG, "running")}/start?api-version=${GA_API}`), 409, "OperationNotAllowed", message);
  });
});

describe("Solution 4: deletion was issued", () => {
  test("scaling a pool whose deletion was issued: the seed's body byte for byte; a repeated delete is allowed; then the pool is gone", async () => {
    let { client } = clients(emu);
    await createCluster(emu, client, RG, "s4");
    // Pool deletion takes 10 s per node plus 20 s (plans.ts deletePoolSteps): 200 nodes last
    // 33m40s, longer than the seed's 00:30:28.
    const create = await client.agentPools.beginCreateOrUpdate(RG, "s4", "agentpool", { count: 200, mode: "User" }, FAST);
    const created = create.pollUntilDone();
    await advance(emu, "PT15M");
    assert.equal((await created).provisioningState, "Succeeded");
    ({ client } = clients(emu));

    const del = await client.agentPools.beginDelete(RG, "s4", "agentpool", FAST);
    const deleted = settle(del.pollUntilDone());
    const delOp = await latest(emu, RG, "s4", "agentpool");
    assert.equal(delOp.operationType, "DeleteAgentPool");
    await advance(emu, "PT30M28S");

    const message = deletionIssued("Scaling", "agentpool", secondsZ(delOp.startTime), "00:30:28");
    const raw = await arm(emu, "PUT", `${clusterPath(RG, "s4")}/agentPools/agentpool?api-version=${GA_API}`, { properties: { count: 5, mode: "User" } });
    assert.equal(raw.status, 409);
    assert.equal(
      raw.text,
      `{"code":"OperationNotAllowed","details":null,"message":"Unable to perform 'Scaling' operation on 'agentpool' since deletion was issued on 'agentpool'. The only allowed operation is deletion once deletion has started. The delete operation started at '${secondsZ(delOp.startTime)}' and elapsed time is: '00:30:28' (RFC3339 format)","subcode":""}`,
    );
    ({ client } = clients(emu));
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "s4", "agentpool", { count: 5, mode: "User" }, FAST), 409, "OperationNotAllowed", message);
    assert.equal((await client.agentPools.get(RG, "s4", "agentpool")).provisioningState, "Deleting");

    // "If it's not finished after a few hours, retry that deletion": a repeated delete is accepted
    // and continues the deletion already in flight.
    const again = await arm(emu, "DELETE", `${clusterPath(RG, "s4")}/agentPools/agentpool?api-version=${GA_API}`);
    assert.equal(again.status, 202, again.text);
    assert.match(String(again.headers["azure-asyncoperation"]), new RegExp(`/operations/${delOp.name}\\?`));
    const repeat = await client.agentPools.beginDelete(RG, "s4", "agentpool", FAST);
    const repeated = repeat.pollUntilDone();

    await advance(emu, "PT10M");
    assert.ok((await deleted).ok);
    await repeated;
    await assert.rejects(client.agentPools.get(RG, "s4", "agentpool"), (e: any) => e.statusCode === 404);
    const gone = await arm(emu, "GET", `${clusterPath(RG, "s4")}/agentPools/agentpool?api-version=${GA_API}`);
    assert.equal(gone.status, 404);
  });

  test("deleting a cluster preempts its running operation (AKSOperationPreemptedByDelete); other operations are then refused", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "pre", clusterBody({ version: "1.32.7" }));

    const upgrade = await client.managedClusters.beginCreateOrUpdate(RG, "pre", clusterBody({ version: "1.33.3" }), FAST);
    const upgraded = settle(upgrade.pollUntilDone());
    await advance(emu, "PT1M");
    const del = await client.managedClusters.beginDelete(RG, "pre", FAST);
    const deleted = del.pollUntilDone();
    const delOp = await latest(emu, RG, "pre");
    assert.equal(delOp.operationType, "DeleteManagedCluster");

    // The SDK surfaces a Failed operation as a plain Error (CLIENTS.md §1.8), not a RestError.
    const outcome = await upgraded;
    assert.ok(!outcome.ok, "the upgrade should have been preempted");
    assert.equal(outcome.error.statusCode, undefined);
    assert.match(outcome.error.message, /AKSOperationPreemptedByDelete/);
    assert.ok(outcome.error.message.includes("This operation has been preempted by Deleting operation."), outcome.error.message);

    await advance(emu, "PT5S");
    await rejectsWith(
      client.managedClusters.beginCreateOrUpdateAndWait(RG, "pre", clusterBody({ version: "1.33.3", pools: [{ name: "nodepool1", count: 3 }] }), FAST),
      409,
      "OperationNotAllowed",
      deletionIssued("Upgrading", "pre", secondsZ(delOp.startTime), "00:00:05"),
    );
    await advance(emu, "PT30M");
    await deleted;
    await assert.rejects(client.managedClusters.get(RG, "pre"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
  });

  test("deleting an agent pool preempts that pool's running operation", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "prepool");
    const add = await client.agentPools.beginCreateOrUpdate(RG, "prepool", "userpool", { count: 1, mode: "User" }, FAST);
    const added = add.pollUntilDone();
    await advance(emu, "PT10M");
    await added;

    const scale = await client.agentPools.beginCreateOrUpdate(RG, "prepool", "userpool", { count: 4, mode: "User" }, FAST);
    const scaled = settle(scale.pollUntilDone());
    const del = await client.agentPools.beginDelete(RG, "prepool", "userpool", FAST);
    const deleted = del.pollUntilDone();
    const outcome = await scaled;
    assert.ok(!outcome.ok);
    assert.ok(outcome.error.message.includes("AKSOperationPreemptedByDelete") && outcome.error.message.includes("This operation has been preempted by Deleting operation."), outcome.error.message);
    await advance(emu, "PT10M");
    await deleted;
    await eventually(async () => (await arm(emu, "GET", `${clusterPath(RG, "prepool")}/agentPools/userpool?api-version=${GA_API}`)).status === 404, "the pool to be gone");
  });
});

describe("A stopped cluster accepts nothing but start", () => {
  test("scale, upgrade and agent pool operations on a stopped cluster: 400 with the real text; start makes them possible again", async () => {
    const { client } = clients(emu);
    await createCluster(emu, client, RG, "stopped", clusterBody({ version: "1.32.7" }));
    const stop = await client.managedClusters.beginStop(RG, "stopped", FAST);
    const stopped = stop.pollUntilDone();
    await advance(emu, "PT10M");
    await stopped;

    const message = stoppedCluster(RG);
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "stopped", clusterBody({ version: "1.32.7", pools: [{ name: "nodepool1", count: 2 }] }), FAST), 400, "OperationNotAllowed", message);
    await rejectsWith(client.managedClusters.beginCreateOrUpdateAndWait(RG, "stopped", clusterBody({ version: "1.33.3" }), FAST), 400, "OperationNotAllowed", message);
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "stopped", "nodepool1", { count: 2, mode: "System" }, FAST), 400, "OperationNotAllowed", message);
    // the terraform sample: Agent Pool CreateOrUpdate on a stopped cluster
    await rejectsWith(client.agentPools.beginCreateOrUpdateAndWait(RG, "stopped", "newpool", { count: 1, mode: "User" }, FAST), 400, "OperationNotAllowed", message);
    assertAksError(await arm(emu, "PUT", `${clusterPath(RG, "stopped")}/agentPools/newpool?api-version=${GA_API}`, { properties: { count: 1, mode: "User" } }), 400, "OperationNotAllowed", message);

    const start = await client.managedClusters.beginStart(RG, "stopped", FAST);
    const started = start.pollUntilDone();
    await advance(emu, "PT10M");
    await started;
    const add = await client.agentPools.beginCreateOrUpdate(RG, "stopped", "newpool", { count: 1, mode: "User" }, FAST);
    const added = add.pollUntilDone();
    await advance(emu, "PT10M");
    assert.equal((await added).provisioningState, "Succeeded");
  });
});
