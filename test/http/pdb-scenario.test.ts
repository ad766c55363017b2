// Seed 002's "PDB problems" row as the named scenario pdb-blocks-drain over raw HTTPS: a Deployment
// with one replica per node of the pool and a PDB with minAvailable equal to its replicas, written
// through the cluster's Kubernetes API (controllers and the scheduler make and place the pods);
// a scale-in then fails with UpgradeFailed after drainTimeoutInMinutes; the seed's remedy (delete
// the PDB, reconcile, re-add it) succeeds.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { kubeAccess, type KubeAccess } from "../support/run-command.js";
import { apPath, assertStatus, createCluster, finish, header, opStatus, putGroup, q } from "./helpers.js";

let emu: Emulator;
let kube: KubeAccess;
before(async () => {
  emu = await startEmulator();
  assert.equal((await putGroup(emu, "rg-pdb")).status, 201);
  await createCluster(emu, "rg-pdb", "pdb1");
  kube = await kubeAccess(emu, "rg-pdb", "pdb1");
});
after(() => emu.close());

const POOL = { properties: { count: 2, mode: "System", vmSize: "Standard_DS2_v2" } };

/** The workload's pods once every one is Ready, moving virtual time a second at a time. */
async function readyPods(n: number): Promise<any[]> {
  for (let i = 0; i < 60; i++) {
    const pods: any[] = (await kube.call("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dpdb-demo")).json.items;
    const ready = pods.filter((p) => p.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
    if (ready.length === n) return ready;
    assert.equal((await emu.advance("PT1S")).status, 200);
  }
  assert.fail(`the ${n} pods of pdb-demo did not become Ready`);
}

test("pdb-blocks-drain: a scale-in fails with UpgradeFailed after 30 minutes; delete the PDB, reconcile → Succeeded; the PDB re-added", { timeout: 60_000 }, async () => {
  const body = { resourceGroup: "rg-pdb", cluster: "pdb1" };
  const first = await emu.request("POST", "/_aksemu/scenarios/pdb-blocks-drain", { body });
  assertStatus(first, 200);
  assert.deepEqual(first.json.applied, { resourceId: first.json.applied.resourceId, pool: "nodepool1", namespace: "default", deployment: "pdb-demo", replicas: 3, podDisruptionBudget: "pdb-demo", minAvailable: 3 });
  assert.equal(first.json.sees.code, "UpgradeFailed");
  assertStatus(await emu.request("POST", "/_aksemu/scenarios/pdb-blocks-drain", { body }), 200);
  const pods = await readyPods(3);
  // One per node: the scheduler spreads a workload's replicas.
  assert.equal(new Set(pods.map((p) => p.spec.nodeName)).size, 3);
  const pdb = (await kube.call("GET", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/pdb-demo")).json;
  assert.equal(pdb.spec.minAvailable, 3);
  assert.equal(pdb.metadata.managedFields[0].manager, "aksemu-scenario");

  const put = await emu.request("PUT", q(apPath("rg-pdb", "pdb1", "nodepool1")), { body: POOL });
  assert.equal(put.status, 200, put.text);
  await emu.advance("PT29M");
  assert.equal((await opStatus(emu, String(header(put, "azure-asyncoperation")))).status, "InProgress");
  await emu.advance("PT2M");
  const st = await opStatus(emu, String(header(put, "azure-asyncoperation")));
  assert.equal(st.status, "Failed");
  assert.equal(st.error.code, "UpgradeFailed");
  const m = /^Drain node (\S+) failed when evicting pod (\S+) failed with Too Many Requests error\. This is often caused by a restrictive Pod Disruption Budget \(PDB\) policy\. See https:\/\/aka\.ms\/aks\/debugdrainfailures\. Original error: Cannot evict pod as it would violate the pod's disruption budget\.\. PDB debug info: default\/(\S+) blocked by pdb pdb-demo with 0 unready pods\.$/.exec(st.error.message);
  assert.ok(m, st.error.message);
  assert.equal(m[2], m[3]);
  assert.equal(pods.find((p) => p.metadata.name === m[2])?.spec.nodeName, m[1]);
  assert.equal((await emu.request("GET", q(apPath("rg-pdb", "pdb1", "nodepool1")))).json.properties.provisioningState, "Failed");

  // Remedy: kubectl delete pdb pdb-demo; reconcile (the same PUT); kubectl apply the PDB again.
  assertStatus(await kube.call("DELETE", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/pdb-demo"), 200);
  const again = await emu.request("PUT", q(apPath("rg-pdb", "pdb1", "nodepool1")), { body: POOL });
  assert.equal(again.status, 200, again.text);
  const done = await finish(emu, String(header(again, "azure-asyncoperation")), "PT1M");
  assert.equal(done.status, "Succeeded", JSON.stringify(done));
  const pool = (await emu.request("GET", q(apPath("rg-pdb", "pdb1", "nodepool1")))).json.properties;
  assert.equal(pool.provisioningState, "Succeeded");
  assert.equal(pool.count, 2);
  const readd = await kube.call("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "pdb-demo" }, spec: pdb.spec });
  assert.equal(readd.status, 201, readd.text);
});
