// Seed 002's "The kube-system pods are not running" (Workload issues) over HTTPS: the
// kube-system-pods detector is Success on a healthy cluster; the scenario kube-system-pods-pending
// (a NoExecute taint on every node) leaves coredns, metrics-server and konnectivity-agent Pending,
// and the detector names the pods, the scheduler's FailedScheduling message and the taint's removal;
// the taint removed and the clock advanced, the pods run and the detector is Success again.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, type Emulator } from "../support/emulator.js";
import { kubeAccess, type KubeAccess } from "../support/run-command.js";
import { advance, assertStatus, clusterBody, createCluster, mcPath, refreshing } from "./helpers.js";

const STATUS = ["Critical", "Warning", "Info", "Success", "None"];
let emu: Emulator;
let kube: KubeAccess;
before(async () => {
  emu = refreshing(await startEmulator());
  await emu.createGroup("rg-ks");
  await createCluster(emu, "rg-ks", "c1", clusterBody({ properties: { dnsPrefix: "c1" } }));
  kube = await kubeAccess(emu, "rg-ks", "c1");
});
after(() => emu.close());

async function detector(): Promise<{ status: string; message: string | null; rows: string[][] }> {
  const res = await emu.request("GET", `${mcPath("rg-ks", "c1")}/detectors/kube-system-pods?api-version=2024-08-01`);
  assertStatus(res, 200);
  const p = res.json.properties;
  return { status: STATUS[p.status.statusId]!, message: p.status.message, rows: p.dataset[0].table.rows };
}

/** Moves virtual time until the kube-system pods settle (the controllers, scheduler and kubelets follow the clock). */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await advance(emu, "PT1M");
    await kube.call("GET", "/api/v1/namespaces/kube-system/pods");
  }
}

test("healthy: Success; every node tainted NoExecute: Critical with the pods, FailedScheduling and the remedy; the taint removed: Success", async () => {
  await settle();
  const healthy = await detector();
  assert.equal(healthy.status, "Success", JSON.stringify(healthy.rows));
  assert.equal(healthy.rows[0]![1], "Every kube-system pod is running and ready.");

  const res = await emu.request("POST", "/_aksemu/scenarios/kube-system-pods-pending", { body: { resourceGroup: "rg-ks", cluster: "c1" } });
  assertStatus(res, 200);
  assert.equal(res.json.applied.taint, "dedicated=batch:NoExecute");
  assertStatus(await emu.request("POST", "/_aksemu/scenarios/kube-system-pods-pending", { body: { resourceGroup: "rg-ks", cluster: "c1" } }), 200);
  await settle();

  const pods: any[] = (await kube.call("GET", "/api/v1/namespaces/kube-system/pods")).json.items;
  const pending = pods.filter((p) => p.status.phase === "Pending").map((p) => p.metadata.name as string);
  assert.ok(pending.some((n) => n.startsWith("coredns-")), JSON.stringify(pending));
  const sick = await detector();
  assert.equal(sick.status, "Critical");
  assert.match(sick.message!, new RegExp(`^${pending.length} of \\d+ kube-system pods are not running; no ready pod at all for .*coredns`));
  const data = Object.fromEntries(sick.rows.filter((r) => r[2] !== "").map((r) => [r[2], r[3]]));
  assert.equal(data["Cause"], "The kube-system pods are not running: Workload issues (seed 002's common causes of a failed cluster or node pool)");
  assert.equal(data["Untolerated taints"], "dedicated=batch");
  const corednsPod = pending.find((n) => n.startsWith("coredns-") && !n.startsWith("coredns-autoscaler"))!;
  assert.match(data[`Pod ${corednsPod}`]!, /^Pending; FailedScheduling: 0\/3 nodes are available: 3 node\(s\) had untolerated taint \{dedicated: batch\}\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\.$/);
  const solutions = JSON.parse(sick.rows[0]![5]!);
  assert.ok(solutions[0].ActionArgs.commands.includes("kubectl taint nodes --all dedicated=batch:NoExecute-"), JSON.stringify(solutions));

  // The seed's remedy: the taint removed (kubectl taint nodes --all dedicated=batch:NoExecute-).
  for (const n of (await kube.call("GET", "/api/v1/nodes")).json.items as any[]) {
    assertStatus(await kube.call("PATCH", `/api/v1/nodes/${n.metadata.name}`, { spec: { taints: null } }, "application/merge-patch+json"), 200);
  }
  await settle();
  const again = await detector();
  assert.equal(again.status, "Success", JSON.stringify(again.rows));
});
