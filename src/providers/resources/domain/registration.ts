// Resource provider registration, pure: a subscription's state for one namespace, how register and
// unregister move it, and the operation that times the move. Every served namespace starts
// Registered; a register or unregister is a transition that settles REGISTRATION_MS later.
import type { OperationRecord, Step } from "../../../engine/operations.js";
import { PROGRESS } from "../../../engine/operations.js";
import { NAMESPACE } from "./groups.js";

/** Virtual time a register or unregister takes (real ARM takes seconds to minutes; az polls every 10 s). */
export const REGISTRATION_MS = 10_000;

/**
 * ARM's states (a free string in the spec; GetProviders.json shows Registered, NotRegistered and
 * Registering). An unregistered provider reads `Unregistered`: `az provider unregister --wait`
 * polls for exactly that, and `az provider show` prints it after an unregister.
 */
export type RegistrationState = "Registered" | "Registering" | "Unregistering" | "Unregistered" | "NotRegistered";

/** One subscription's registration of one namespace, stored in the meta collection. */
export type RegistrationRecord = {
  kind: "providerRegistration";
  subscriptionId: string;
  namespace: string;
  state: RegistrationState;
  /** When `state` began (virtual ms). */
  since: number;
  /** The operation that times a transition; a later register or unregister supersedes it. */
  operationId?: string;
};

export type RegistrationAction = "register" | "unregister";

const SETTLES_TO: Partial<Record<RegistrationState, RegistrationState>> = { Registering: "Registered", Unregistering: "Unregistered" };
const TRANSITION: Record<RegistrationAction, { moving: RegistrationState; settled: RegistrationState; operationType: string }> = {
  register: { moving: "Registering", settled: "Registered", operationType: "RegisterProvider" },
  unregister: { moving: "Unregistering", settled: "Unregistered", operationType: "UnregisterProvider" },
};

/** The ARM id of a subscription's view of a namespace. */
export const providerId = (sub: string, namespace: string) => `/subscriptions/${sub}/providers/${namespace}`;
/** What a registration operation is listed under (no store document lives there). */
export const registrationParent = (sub: string, namespace: string) => providerId(sub, namespace).toLowerCase();
/** The meta key of a registration record, from its operation's parent. */
export const registrationKeyOf = (parent: string) => `providerRegistration:${parent}`;
export const registrationKey = (sub: string, namespace: string) => registrationKeyOf(registrationParent(sub, namespace));

/** The state at `now`: no record is Registered; a transition has settled once its time has passed. */
export function registrationState(record: RegistrationRecord | undefined, now: number): RegistrationState {
  if (!record) return "Registered";
  const settled = SETTLES_TO[record.state];
  return settled && now >= record.since + REGISTRATION_MS ? settled : record.state;
}

/** Whether subscription writes to the namespace are allowed at `now` (for the AKS provider's admission). */
export function isRegistered(record: RegistrationRecord | undefined, now: number): boolean {
  return registrationState(record, now) === "Registered";
}

export type RegistrationDecision = { record: RegistrationRecord; operation?: OperationRecord; forget?: string };

/**
 * A register or unregister at `now`. Asking for the state the namespace is in or moving to changes
 * nothing (az stops at once when the answer already is its target); otherwise the transition
 * starts, with an operation of one timed step, and supersedes any transition in flight.
 */
export function decideRegistration(input: { sub: string; namespace: string; action: RegistrationAction; existing: RegistrationRecord | undefined; now: number; operationId: string }): RegistrationDecision {
  const { sub, namespace, action, existing, now } = input;
  const t = TRANSITION[action];
  const current = registrationState(existing, now);
  if (current === t.moving || current === t.settled) return { record: existing ?? { kind: "providerRegistration", subscriptionId: sub, namespace, state: current, since: now } };
  const record: RegistrationRecord = { kind: "providerRegistration", subscriptionId: sub, namespace, state: t.moving, since: now, operationId: input.operationId };
  const step: Step = { name: `${t.moving} ${namespace}`, durationMs: REGISTRATION_MS, action: PROGRESS };
  const operation: OperationRecord = {
    id: input.operationId,
    provider: NAMESPACE,
    parent: registrationParent(sub, namespace),
    resourceId: providerId(sub, namespace),
    subscriptionId: sub,
    location: "global",
    operationType: t.operationType,
    verb: t.moving,
    status: "InProgress",
    startTime: now,
    steps: [step],
    stepIndex: 0,
    stepStartedAt: now,
    result: "noContent",
  };
  return { record, operation, ...(existing?.operationId ? { forget: existing.operationId } : {}) };
}

/** Its operation ended: the record takes its settled state, unless a later transition superseded it. */
export function settleRegistration(record: RegistrationRecord | undefined, op: Pick<OperationRecord, "id">, at: number): RegistrationRecord | undefined {
  if (!record || record.operationId !== op.id) return undefined;
  const settled = SETTLES_TO[record.state];
  return settled ? { ...record, state: settled, since: at } : undefined;
}

export const isRegistrationOperation = (op: Pick<OperationRecord, "operationType">) => op.operationType === TRANSITION.register.operationType || op.operationType === TRANSITION.unregister.operationType;
