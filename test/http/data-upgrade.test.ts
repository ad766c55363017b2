// A data dir written by aksemu 0.1 (operations with AKS's own fields) upgrades on start: history
// is kept, the status URLs still answer, and an operation running at the upgrade completes.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { OperationRecord } from "../../src/engine/operations.js";
import { openSqlitePersistence } from "../../src/store/sqlite-persistence.js";
import { startEmulator } from "../support/emulator.js";
import { advance, clusterBody, createCluster, finish, header, mcPath, opStatus, PREVIEW_API, q } from "./helpers.js";

/** The 0.1 shape of an operation, as that version stored it. */
function downgrade(op: OperationRecord): unknown {
  const { provider, parent, resourceId, steps, ...rest } = op;
  const group = provider === "Microsoft.Resources";
  return {
    ...rest,
    ...(group ? { groupKey: parent } : { clusterKey: parent, clusterId: resourceId }),
    steps: steps.map(({ provider: p, target, ...st }) =>
      st.action.type === "deleteResourceGroup" ? { ...st, action: { type: "deleteResourceGroup", groupKey: target } } : st.action.type === "deleteCluster" ? { ...st, action: { type: "deleteCluster", clusterKey: target }, clusterKey: target } : p ? { ...st, clusterKey: target } : st,
    ),
  };
}

test("operations stored by aksemu 0.1 are upgraded at start: history, status URLs and a running scale survive", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "aksemu-v1-"));
  try {
    const first = await startEmulator({ dataDir });
    await first.createGroup("rg1");
    await createCluster(first, "rg1", "c1");
    const scale = await first.request("PUT", q(mcPath("rg1", "c1")), { body: clusterBody({ properties: { agentPoolProfiles: [{ name: "nodepool1", count: 5, mode: "System" }] } }) });
    assert.equal(scale.status, 200);
    const scaleUrl = String(header(scale, "azure-asyncoperation"));
    await advance(first, "PT10S");
    await first.close();

    const db = openSqlitePersistence(dataDir);
    const ops = [...db.loadAll()].filter((r) => r.collection === "operations");
    assert.equal(ops.length, 2);
    db.commit(ops.map((r) => ({ collection: "operations", key: r.key, value: downgrade(JSON.parse(r.json ?? db.read(r.collection, r.key)!) as OperationRecord) })));
    db.close();

    const second = await startEmulator({ dataDir });
    const statusUrl = scaleUrl.replace(first.url, second.url);
    try {
      const history = await second.request("GET", q(`${mcPath("rg1", "c1")}/operations`, PREVIEW_API));
      assert.equal(history.status, 200, history.text);
      assert.deepEqual(history.json.value.map((o: { status: string; id: string }) => [o.status, o.id.startsWith(mcPath("rg1", "c1"))]), [["InProgress", true], ["Succeeded", true]]);
      assert.equal((await opStatus(second, statusUrl)).status, "InProgress");
      assert.equal((await finish(second, statusUrl)).status, "Succeeded");
      const got = await second.request("GET", q(mcPath("rg1", "c1")));
      assert.deepEqual([got.json.properties.provisioningState, got.json.properties.agentPoolProfiles[0].count], ["Succeeded", 5]);
      const machines = await second.request("GET", q(`${mcPath("rg1", "c1")}/agentPools/nodepool1/machines`));
      assert.equal(machines.json.value.length, 5);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
