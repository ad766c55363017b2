// A scale-in blocked by a PDB, seen with the real kubectl 1.31: the node AKS drains is cordoned
// (SchedulingDisabled), `kubectl get events` shows the upgrader's Drain events (ERROR-TEXTS.md §8),
// and the pod the PDB protects stays; the PDB's pod and the PDB are made as a user would (apply,
// then the status subresource).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { apPath, header, opStatus, q } from "../http/helpers.js";
import { startCluster, type KubeCluster } from "./helpers.js";

let c: KubeCluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.close());

async function ok(args: string[], input?: string): Promise<string> {
  const r = await c.kubectl(args, input !== undefined ? { input } : {});
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

test("scale-in blocked by a PDB: kubectl shows the node cordoned and the upgrader's Drain events", { timeout: 60_000 }, async () => {
  const victim = (await ok(["get", "nodes", "-o", "name"])).trim().split("\n").map((n) => n.replace("node/", "")).sort().at(-1)!;
  await ok(["apply", "-f", "-"], JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [
      { apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace: "default", labels: { app: "web" } }, spec: { nodeName: victim, containers: [{ name: "c", image: "nginx" }] } },
      { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web-pdb", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } },
    ],
  }));
  await ok(["patch", "pod", "web-0", "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } })]);

  const put = await c.emu.request("PUT", q(apPath("rg-kube", "kube1", "nodepool1")), { body: { properties: { count: 2, mode: "System", vmSize: "Standard_DS2_v2" } } });
  assert.equal(put.status, 200, put.text);
  await c.emu.advance("PT31M");
  const st = await opStatus(c.emu, String(header(put, "azure-asyncoperation")));
  assert.equal(st.status, "Failed");
  assert.equal(st.error.code, "UpgradeFailed");

  const nodes = await ok(["get", "nodes"]);
  assert.match(nodes, new RegExp(`^${victim}\\s+Ready,SchedulingDisabled\\s`, "m"));
  assert.match(await ok(["get", "pods"]), /^web-0\s+\S+\s+Running\s/m);
  const events = await ok(["get", "events", "--field-selector", "reason=Drain"]);
  assert.match(events, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
  assert.match(events, new RegExp(`\\sNormal\\s+Drain\\s+node/${victim}\\s+Draining node: ${victim}$`, "m"));
  assert.match(events, new RegExp(`\\sWarning\\s+Drain\\s+node/${victim}\\s+Eviction blocked by Too Many Requests \\(usually a pdb\\): web-0$`, "m"));
  const json = JSON.parse(await ok(["get", "events", "--field-selector", "type=Warning,reason=Drain", "-o", "json"]));
  assert.equal(json.items[0].source.component, "upgrader");
});
