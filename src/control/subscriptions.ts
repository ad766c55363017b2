// The subscriptions' billing state, as the control API sets it: Disabled makes a subscription
// read-only (ARM's ReadOnlyDisabledSubscription), Warned and PastDue only show in its state.
// Durable in the store's meta, written through the one commit path.
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import type { Engine } from "../engine/engine.js";
import type { Subscription, SubscriptionState } from "../providers/provider.js";
import type { Reader } from "../store/store.js";

const STATES: readonly SubscriptionState[] = ["Enabled", "Warned", "PastDue", "Disabled"];

export const subscriptionStateKey = (id: string) => `subscriptionState:${id.toLowerCase()}`;

/** A subscription's state: Enabled until the control API says otherwise. */
export const subscriptionState = (read: Reader, id: string): SubscriptionState => read.get<{ state: SubscriptionState }>("meta", subscriptionStateKey(id))?.state ?? "Enabled";

export function subscriptionHandlers(deps: { engine: Engine; subscriptions: () => Subscription[] }) {
  const find = (ctx: RequestContext) => {
    const id = ctx.params["id"]!;
    const s = deps.subscriptions().find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!s) throw apiError("subscriptionNotFound", { subscriptionId: id });
    return s;
  };
  const view = (s: Subscription) => ({ subscriptionId: s.id, tenantId: s.tenantId, displayName: s.displayName, state: s.state });

  const list = (): Reply => ({ status: 200, body: { value: deps.subscriptions().map(view) } });

  const setState = (ctx: RequestContext): Reply => {
    const s = find(ctx);
    const state = isObject(ctx.body) ? ctx.body["state"] : undefined;
    if (typeof state !== "string" || !STATES.includes(state as SubscriptionState)) {
      throw apiError("controlBadRequest", { message: `'state' must be one of ${STATES.join(", ")}, got ${JSON.stringify(state) ?? "nothing"}.` });
    }
    deps.engine.commit({ meta: [[subscriptionStateKey(s.id), { state }]] });
    return { status: 200, body: view({ ...s, state: state as SubscriptionState }) };
  };

  return { list, setState };
}
