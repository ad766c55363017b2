// Reading and writing one subscription's policy (one meta document) and finding a definition by
// id: a built-in (/providers/...) or a custom one of any subscription's state.
import type { Reader } from "../../../store/store.js";
import { BUILTIN_DEFINITIONS } from "./domain/builtin-definitions.js";
import { emptyState, policyStateKey, type PolicyDefinition, type PolicyState } from "./domain/records.js";

export const readState = (read: Reader, subscriptionId: string) => read.get<PolicyState>("meta", policyStateKey(subscriptionId));
export const stateOf = (read: Reader, subscriptionId: string) => readState(read, subscriptionId) ?? emptyState(subscriptionId);

/** The meta write that stores `state`. */
export const stateWrite = (state: PolicyState) => [policyStateKey(state.subscriptionId), state] as const;

const BUILTINS = new Map(BUILTIN_DEFINITIONS.map((d) => [d.name.toLowerCase(), d]));
export const builtinDefinition = (name: string) => BUILTINS.get(name.toLowerCase());

const CUSTOM = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/policyDefinitions\/([^/]+)$/i;
const BUILTIN = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([^/]+)$/i;

/** A definition by its id, built-in or custom. */
export function definitionById(read: Reader, id: string): PolicyDefinition | undefined {
  const b = BUILTIN.exec(id.trim());
  if (b) return builtinDefinition(b[1]!);
  const c = CUSTOM.exec(id.trim());
  return c ? readState(read, c[1]!)?.definitions[c[2]!.toLowerCase()] : undefined;
}

/** Whether any assignment applies anywhere in the subscription: ARM's gate skips policy entirely when none does. */
export const hasAssignments = (state: PolicyState | undefined): state is PolicyState => state !== undefined && Object.keys(state.assignments).length > 0;
