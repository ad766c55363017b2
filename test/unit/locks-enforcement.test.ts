// What management locks refuse, as pure tables: a request's action over its scope (ARM's rules) and a
// step's writes and removals on another provider's behalf (AKS's node resource group rule).
import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizedAction } from "../../src/arm/actions.js";
import { requestLocked, stepLocked } from "../../src/providers/authorization/locks/domain/enforcement.js";
import type { LockRecord } from "../../src/providers/authorization/locks/domain/locks.js";

const S = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${S}/resourceGroups/rg`;
const MC = `${RG}/providers/Microsoft.ContainerService/managedClusters/c1`;
const lockAt = (scope: string, level: LockRecord["level"]): LockRecord => ({ id: `${scope}/providers/Microsoft.Authorization/locks/l`, name: "l", scope, level });

test("requests: which locks refuse which method over which scope", () => {
  const rows: [string, string, LockRecord[], "delete" | "write" | undefined, string[]?][] = [
    // [method, path, locks, refused as, locked scopes]
    ["GET", MC, [lockAt(MC, "ReadOnly")], undefined],
    ["PUT", MC, [lockAt(RG, "CanNotDelete")], undefined],
    ["DELETE", MC, [lockAt(RG, "CanNotDelete")], "delete", [RG]],
    ["DELETE", RG, [lockAt(`${MC}/agentPools/p1`, "CanNotDelete")], "delete", [`${MC}/agentPools/p1`]],
    ["DELETE", `${S}/resourceGroups/rg2`, [lockAt(RG, "CanNotDelete")], undefined],
    ["DELETE", `${S}/resourcegroups/RG`, [lockAt(S, "CanNotDelete"), lockAt(RG, "ReadOnly")], "delete", [S, RG]],
    ["PUT", MC, [lockAt(S, "ReadOnly")], "write", [S]],
    ["PATCH", MC, [lockAt(MC, "ReadOnly")], "write", [MC]],
    ["PUT", RG, [lockAt(MC, "ReadOnly")], undefined],
    ["POST", `${MC}/listClusterUserCredential`, [lockAt(RG, "ReadOnly")], "write", [RG]],
    ["POST", `${MC}/listClusterUserCredential`, [lockAt(RG, "CanNotDelete")], undefined],
    ["PUT", `${RG}/providers/Microsoft.Authorization/roleAssignments/9f1b`, [lockAt(RG, "ReadOnly")], "write", [RG]],
    ["DELETE", `${RG}/providers/Microsoft.Authorization/roleAssignments/9f1b`, [lockAt(RG, "CanNotDelete")], "delete", [RG]],
    // Locks stay manageable under any lock.
    ["PUT", `${RG}/providers/Microsoft.Authorization/locks/other`, [lockAt(RG, "ReadOnly")], undefined],
    ["DELETE", `${RG}/providers/Microsoft.Authorization/locks/l`, [lockAt(RG, "ReadOnly")], undefined],
  ];
  for (const [method, path, locks, refused, locked] of rows) {
    const r = authorizedAction(method, path)!;
    const got = requestLocked(locks, r);
    assert.equal(got?.operation, refused, `${method} ${path}`);
    if (refused) assert.deepEqual(got, { scope: r.scope, operation: refused, locked }, `${method} ${path}`);
  }
});

test("steps: a removal is refused by any lock in its resource group or above; a write by a ReadOnly lock at it or above", () => {
  const NODE = `${S}/resourceGroups/MC_rg_c1_eastus`;
  const VMSS = `${NODE}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-p1-12345678-vmss`.toLowerCase();
  const LB = `${NODE}/providers/Microsoft.Network/loadBalancers/kubernetes`;
  const idOf = (k: string) => `id:${k}`;
  const doc = {};
  const rows: [{ writes: [string, object | undefined][]; removes: string[] }, LockRecord[], "delete" | "write" | undefined][] = [
    [{ writes: [[VMSS, doc]], removes: [`${VMSS}/virtualmachines/3`] }, [lockAt(LB, "CanNotDelete")], "delete"],
    [{ writes: [[VMSS, doc]], removes: [] }, [lockAt(LB, "CanNotDelete")], undefined],
    [{ writes: [[VMSS, doc]], removes: [] }, [lockAt(NODE, "ReadOnly")], "write"],
    [{ writes: [[VMSS, doc]], removes: [] }, [lockAt(LB, "ReadOnly")], undefined],
    [{ writes: [[VMSS, undefined]], removes: [] }, [lockAt(S, "CanNotDelete")], "delete"],
    [{ writes: [[VMSS, undefined]], removes: [] }, [lockAt(`${S}/resourceGroups/other`, "CanNotDelete")], undefined],
    [{ writes: [[NODE.toLowerCase(), undefined]], removes: [] }, [lockAt(LB, "CanNotDelete")], "delete"],
  ];
  for (const [s, locks, refused] of rows) {
    const got = stepLocked(locks, { ...s, idOf });
    assert.equal(got?.operation, refused, JSON.stringify(s));
    if (got) assert.ok(got.scope.startsWith("id:"), "the refused scope is the write's stored id");
  }
});
