// The RBAC matrix: every built-in role (assigned at the subscription to a principal of its own) ×
// a representative request for each emulated ARM action. Each answer is the request's success, or
// 403 AuthorizationFailed with the exact text. The expectations are written out by hand from the
// roles' JSON (authorization/builtin-role-definitions/), not computed by the code under test.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startEmulator, SUB, type Emulator } from "../support/emulator.js";
import { assignRole, AUTH_API, authorizationFailed, newPrincipal, ROLES, type RoleName, type TestPrincipal } from "../support/rbac.js";
import { apPath, clusterBody, mcPath, q, rgPath, RG_API, systemPool } from "./helpers.js";

const S = `/subscriptions/${SUB}`;
const RG = rgPath("rg-matrix");
const MC = mcPath("rg-matrix", "c1");
const POOL = apPath("rg-matrix", "c1", "nodepool1");
const LOCKS = `${rgPath("rg-locked")}/providers/Microsoft.Authorization/locks`;
const MC_T = "Microsoft.ContainerService/managedClusters";

type Row = { method: string; path: string; action: string; scope: string; ok: readonly number[]; body?: (role: RoleName) => unknown };

// One request per action; `scope` is what ARM names in the refusal.
const ROWS = {
  "subscription read": { method: "GET", path: `${S}?api-version=2022-12-01`, action: "Microsoft.Resources/subscriptions/read", scope: S, ok: [200] },
  "group read": { method: "GET", path: q(RG, RG_API), action: "Microsoft.Resources/subscriptions/resourceGroups/read", scope: RG, ok: [200] },
  "group write": { method: "PUT", path: q(RG, RG_API), action: "Microsoft.Resources/subscriptions/resourceGroups/write", scope: RG, ok: [200], body: () => ({ location: "eastus" }) },
  "resources list": { method: "GET", path: q(`${S}/resources`, RG_API), action: "Microsoft.Resources/subscriptions/resources/read", scope: S, ok: [200] },
  "provider read": { method: "GET", path: q(`${S}/providers/Microsoft.ContainerService`, RG_API), action: "Microsoft.Resources/subscriptions/providers/read", scope: S, ok: [200] },
  "cluster list": { method: "GET", path: q(`${RG}/providers/${MC_T}`), action: `${MC_T}/read`, scope: RG, ok: [200] },
  "cluster read": { method: "GET", path: q(MC), action: `${MC_T}/read`, scope: MC, ok: [200] },
  "cluster write": { method: "PUT", path: q(MC), action: `${MC_T}/write`, scope: MC, ok: [200], body: () => clusterBody() },
  "cluster delete": { method: "DELETE", path: q(mcPath("rg-matrix", "absent")), action: `${MC_T}/delete`, scope: mcPath("rg-matrix", "absent"), ok: [204] },
  "user credentials": { method: "POST", path: q(`${MC}/listClusterUserCredential`), action: `${MC_T}/listClusterUserCredential/action`, scope: MC, ok: [200] },
  "admin credentials": { method: "POST", path: q(`${MC}/listClusterAdminCredential`), action: `${MC_T}/listClusterAdminCredential/action`, scope: MC, ok: [200] },
  "pool read": { method: "GET", path: q(POOL), action: `${MC_T}/agentPools/read`, scope: POOL, ok: [200] },
  "pool write": { method: "PUT", path: q(POOL), action: `${MC_T}/agentPools/write`, scope: POOL, ok: [200], body: () => ({ properties: { count: 3, vmSize: "Standard_DS2_v2", mode: "System" } }) },
  "role assignments read": { method: "GET", path: `${RG}/providers/Microsoft.Authorization/roleAssignments?api-version=${AUTH_API}`, action: "Microsoft.Authorization/roleAssignments/read", scope: RG, ok: [200] },
  "role assignment write": {
    method: "PUT", path: `${RG}/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=${AUTH_API}`, action: "Microsoft.Authorization/roleAssignments/write", scope: `${RG}/providers/Microsoft.Authorization/roleAssignments/{name}`, ok: [201],
    body: () => ({ properties: { roleDefinitionId: `${S}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.Reader}`, principalId: crypto.randomUUID(), principalType: "ServicePrincipal" } }),
  },
  "role assignment delete": { method: "DELETE", path: `${RG}/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=${AUTH_API}`, action: "Microsoft.Authorization/roleAssignments/delete", scope: `${RG}/providers/Microsoft.Authorization/roleAssignments/{name}`, ok: [204] },
  "role definitions read": { method: "GET", path: `${S}/providers/Microsoft.Authorization/roleDefinitions?api-version=${AUTH_API}`, action: "Microsoft.Authorization/roleDefinitions/read", scope: S, ok: [200] },
  "lock write": { method: "PUT", path: `${LOCKS}/no-delete?api-version=2020-05-01`, action: "Microsoft.Authorization/locks/write", scope: `${LOCKS}/no-delete`, ok: [200, 201], body: () => ({ properties: { level: "CanNotDelete" } }) },
  "lock read": { method: "GET", path: `${LOCKS}?api-version=2020-05-01`, action: "Microsoft.Authorization/locks/read", scope: rgPath("rg-locked"), ok: [200] },
} satisfies Record<string, Row>;

type Key = keyof typeof ROWS;
const ALL = Object.keys(ROWS) as Key[];
const READS: Key[] = ["subscription read", "group read", "resources list", "provider read", "cluster list", "cluster read", "pool read", "role assignments read", "role definitions read", "lock read"];
// Microsoft.Authorization/*/read, Microsoft.Resources/subscriptions/read and .../resourceGroups/read;
// "subscription read" is granted by any assignment in the subscription (ARM shows it to every holder).
const AUTH_READS: Key[] = ["subscription read", "group read", "role assignments read", "role definitions read", "lock read"];

const ALLOWED: Record<RoleName, readonly Key[]> = {
  Owner: ALL,
  // "*" but Microsoft.Authorization/*/Write and */Delete.
  Contributor: ALL.filter((k) => !["role assignment write", "role assignment delete", "lock write"].includes(k)),
  Reader: READS,
  "User Access Administrator": [...READS, "role assignment write", "role assignment delete", "lock write"],
  "Azure Kubernetes Service Cluster Admin Role": ["subscription read", "cluster list", "cluster read", "admin credentials"],
  "Azure Kubernetes Service Cluster User Role": ["subscription read", "cluster list", "cluster read", "user credentials"],
  // Microsoft.Authorization/*/read, managedClusters/*, resourceGroups/read (no group write, no generic lists, no providers).
  "Azure Kubernetes Service Contributor Role": [...AUTH_READS, "cluster list", "cluster read", "cluster write", "cluster delete", "user credentials", "admin credentials", "pool read", "pool write"],
  "Azure Kubernetes Service RBAC Admin": [...AUTH_READS, "user credentials"],
  "Azure Kubernetes Service RBAC Cluster Admin": [...AUTH_READS, "user credentials"],
  "Azure Kubernetes Service RBAC Reader": AUTH_READS,
  "Azure Kubernetes Service RBAC Writer": AUTH_READS,
};

let emu: Emulator;
const principals = new Map<RoleName, TestPrincipal>();
before(async () => {
  // Instant clock: every write's operation has ended before the next request, so each allowed write succeeds.
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg-matrix");
  await emu.createGroup("rg-locked");
  const made = await emu.request("PUT", q(MC), { body: clusterBody({ properties: { agentPoolProfiles: [systemPool()] } }) });
  assert.equal(made.status, 201, made.text);
  for (const role of Object.keys(ROLES) as RoleName[]) {
    const p = await newPrincipal(emu, role);
    await assignRole(emu, p.objectId, role);
    principals.set(role, p);
  }
});
after(() => emu.close());

test("every built-in role × every emulated action: allowed (the request's success) or 403 AuthorizationFailed with the exact text", async () => {
  const mismatches: string[] = [];
  for (const [key, row] of Object.entries(ROWS) as [Key, Row][]) {
    for (const role of Object.keys(ROLES) as RoleName[]) {
      const p = principals.get(role)!;
      const name = crypto.randomUUID();
      const res = await emu.request(row.method, row.path.replace("{name}", name), { auth: p.token, ...(row.body ? { body: row.body(role) } : row.method === "POST" ? { rawBody: "" } : {}) });
      const allowed = ALLOWED[role].includes(key);
      if (allowed && !row.ok.includes(res.status)) mismatches.push(`${role} × ${key}: expected ${row.ok.join("|")}, got ${res.status} ${res.text.slice(0, 300)}`);
      if (!allowed) {
        const expected = { error: { code: "AuthorizationFailed", message: authorizationFailed(p.objectId, row.action, row.scope.replace("{name}", name)) } };
        if (res.status !== 403 || JSON.stringify(res.json) !== JSON.stringify(expected) || res.headers["x-ms-failure-cause"] !== "gateway") mismatches.push(`${role} × ${key}: expected 403 AuthorizationFailed, got ${res.status} ${res.text.slice(0, 300)}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
});
