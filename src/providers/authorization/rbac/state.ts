// RBAC's view of the store, shared by its routes, its guard and the access check other providers
// ask: the role assignments and custom roles (meta collection), indexed once and again after each
// RBAC write, and each principal's decisions cached, so the guard costs a map lookup on the hot path.
// The default principal's Owner assignment of each subscription is made once, on first use, and is
// durable like any other (deleting it sticks: a marker records that it was made).
import type { Change } from "../../../engine/step-runner.js";
import type { ProviderDeps } from "../../provider.js";
import { builtInRole, builtInRoleNamed } from "./domain/definitions.js";
import { compileBlocks, permits, type Grant } from "./domain/permissions.js";
import { assignmentId, assignmentKey, covers, normalScope, RBAC_STAMP_KEY, rbacStamp, seededKey, type RoleAssignmentRecord, type RoleDefinitionRecord } from "./domain/records.js";

export type RbacDeps = Pick<ProviderDeps, "store" | "engine" | "clock" | "newId" | "subscriptions" | "directory">;

export type RbacState = {
  assignments(): readonly RoleAssignmentRecord[];
  custom(): readonly RoleDefinitionRecord[];
  /** A role by GUID: built-in or custom. */
  role(name: string): RoleDefinitionRecord | undefined;
  /** The assignment of that name at any scope (names are unique across scopes). */
  named(name: string): RoleAssignmentRecord | undefined;
  /** Whether the principal (object id) may perform `action` over `scope`. */
  allows(objectId: string, action: string, scope: string): boolean;
  /** Commits an RBAC write (with a new stamp) and drops what was derived from the old state. */
  commit(change: Change): void;
};

type Index = {
  assignments: RoleAssignmentRecord[];
  custom: Map<string, RoleDefinitionRecord>;
  byName: Map<string, RoleAssignmentRecord>;
  grants: Map<string, Grant[]>;
  decisions: Map<string, boolean>;
};

/** Decisions kept before the cache starts over (principals × actions × scopes seen). */
const MAX_DECISIONS = 50_000;

// Reading a subscription (GET /subscriptions/{id}, and the subscriptions list) needs no role that
// grants it: ARM shows a subscription to every principal holding any assignment in it.
const SUBSCRIPTION_READ = "microsoft.resources/subscriptions/read";
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/[^/]+$/;

const STATES = new WeakMap<object, RbacState>();

/**
 * The one RBAC state of an emulator (its store), shared by routes, guard and access, made on first
 * use: building the route table (docs/api.md is generated from it with inert dependencies) makes none.
 */
export function lazyRbacState(deps: RbacDeps): () => RbacState {
  let state: RbacState | undefined;
  return () => (state ??= rbacState(deps));
}

function rbacState(deps: RbacDeps): RbacState {
  let state = STATES.get(deps.store);
  if (!state) {
    state = createState(deps);
    STATES.set(deps.store, state);
  }
  return state;
}

function createState(deps: RbacDeps): RbacState {
  const { store } = deps;
  let index: Index | undefined;
  // The store revision the first assignments were last checked at: a reset (which clears their
  // markers) makes them again, as on a first start.
  let seededAt = -1;
  let seenStamp: unknown;

  function build(): Index {
    const assignments: RoleAssignmentRecord[] = [];
    const custom = new Map<string, RoleDefinitionRecord>();
    for (const v of store.values<{ kind?: string }>("meta")) {
      if (v?.kind === "roleAssignment") assignments.push(v as RoleAssignmentRecord);
      else if (v?.kind === "roleDefinition") custom.set((v as RoleDefinitionRecord).name.toLowerCase(), v as RoleDefinitionRecord);
    }
    return { assignments, custom, byName: new Map(assignments.map((a) => [a.name.toLowerCase(), a])), grants: new Map(), decisions: new Map() };
  }

  /** The index, after the default principal's first Owner assignments (the first read of a new store makes them). */
  function current(): Index {
    // Not from inside a step's transaction: the next request outside one makes them.
    if (seededAt !== store.revision() && !store.inTransaction()) seed();
    // An RBAC write made elsewhere (a scenario, a group's cascade) leaves a new stamp: start over.
    const stamp = store.get("meta", RBAC_STAMP_KEY);
    if (stamp !== seenStamp) {
      seenStamp = stamp;
      index = undefined;
    }
    return (index ??= build());
  }

  function seed(): void {
    seededAt = store.revision();
    const owner = deps.directory?.owner();
    if (!owner) return;
    const role = builtInRoleNamed("Owner");
    const now = deps.clock.now();
    const meta: [string, unknown][] = [];
    for (const sub of deps.subscriptions()) {
      if (store.get("meta", seededKey(sub.id))) continue;
      const scope = `/subscriptions/${sub.id}`;
      const name = deps.newId();
      const record: RoleAssignmentRecord = {
        kind: "roleAssignment", id: assignmentId(scope, name), name, scope, subscriptionId: sub.id, roleDefinitionName: role.name,
        principalId: owner.objectId, principalType: "ServicePrincipal", createdOn: now, updatedOn: now, createdBy: owner.objectId, updatedBy: owner.objectId,
      };
      meta.push([seededKey(sub.id), { kind: "rbacSeed", subscriptionId: sub.id, assignment: record.id }], [assignmentKey(record.id), record]);
    }
    if (meta.length > 0) commit({ meta });
  }

  function commit(change: Change): void {
    try {
      deps.engine.commit({ ...change, meta: [...(change.meta ?? []), rbacStamp()] });
    } finally {
      index = undefined;
    }
  }

  const role = (name: string) => builtInRole(name) ?? current().custom.get(name.toLowerCase());

  function grantsOf(ix: Index, objectId: string): Grant[] {
    let grants = ix.grants.get(objectId);
    if (!grants) {
      grants = ix.assignments.flatMap((a) => {
        if (a.principalId.toLowerCase() !== objectId) return [];
        const r = role(a.roleDefinitionName);
        return r ? [{ scope: normalScope(a.scope), blocks: compileBlocks(r.permissions) }] : [];
      });
      ix.grants.set(objectId, grants);
    }
    return grants;
  }

  function allows(objectId: string, action: string, scope: string): boolean {
    const ix = current();
    const oid = objectId.toLowerCase();
    const at = normalScope(scope);
    const key = `${oid}\n${action}\n${at}`;
    const cached = ix.decisions.get(key);
    if (cached !== undefined) return cached;
    const grants = grantsOf(ix, oid);
    let allowed = permits(grants, action, at);
    if (!allowed && action.toLowerCase() === SUBSCRIPTION_READ && SUBSCRIPTION_SCOPE.test(at)) allowed = grants.some((g) => covers(g.scope, at) || covers(at, g.scope));
    if (ix.decisions.size >= MAX_DECISIONS) ix.decisions.clear();
    ix.decisions.set(key, allowed);
    return allowed;
  }

  return {
    assignments: () => current().assignments,
    custom: () => [...current().custom.values()],
    role,
    named: (name) => current().byName.get(name.toLowerCase()),
    allows,
    commit,
  };
}
