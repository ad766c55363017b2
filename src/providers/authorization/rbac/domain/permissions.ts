// How ARM evaluates a principal's role assignments against one action over one scope, pure.
// - An assignment applies at its scope and every scope below it.
// - A role grants an action when one of its permission blocks lists it in `actions` and not in that
//   block's `notActions` (notActions subtract, they never deny: another role may still grant it).
// - Patterns are matched case-insensitively; `*` stands for any run of characters, `/` included
//   ("*", "*/read", "Microsoft.Authorization/*/Write", "Microsoft.ContainerService/managedClusters/*").
// - dataActions gate data-plane calls, never ARM's: they are kept and shown, not evaluated here.
import { covers, type Permission } from "./records.js";

/** A compiled permission block. */
export type Block = { allow: readonly RegExp[]; deny: readonly RegExp[] };

/** What one assignment grants: its scope (normal form) and its role's blocks. */
export type Grant = { scope: string; blocks: readonly Block[] };

const compiled = new Map<string, RegExp>();

/** An ARM action pattern as a regular expression (cached: roles share most patterns). */
export function actionPattern(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
    compiled.set(pattern, re);
  }
  return re;
}

export const compileBlocks = (permissions: readonly Permission[]): Block[] =>
  permissions.map((p) => ({ allow: p.actions.map(actionPattern), deny: p.notActions.map(actionPattern) }));

export const blockGrants = (b: Block, action: string): boolean => b.allow.some((re) => re.test(action)) && !b.deny.some((re) => re.test(action));

/** Whether `grants` allow `action` over `scope` (normal form). */
export function permits(grants: readonly Grant[], action: string, scope: string): boolean {
  for (const g of grants) if (covers(g.scope, scope) && g.blocks.some((b) => blockGrants(b, action))) return true;
  return false;
}
