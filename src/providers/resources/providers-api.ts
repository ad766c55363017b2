// ARM's providers API (Microsoft.Resources): list and show every namespace the emulator serves,
// and register or unregister one for a subscription. A transition settles after REGISTRATION_MS of
// virtual time, timed by an operation of the engine (so an instant clock jumps to it too).
import { errorFactory } from "../../arm/api-error.js";
import type { Reply, RequestContext } from "../../arm/http.js";
import { LOCATIONS } from "../../arm/locations.js";
import { page } from "../../arm/paging.js";
import type { Change } from "../../engine/step-runner.js";
import type { ProviderDeps, ServedNamespace } from "../provider.js";
import { findNamespace, renderProvider } from "./domain/provider-info.js";
import { decideRegistration, registrationKey, registrationState, type RegistrationAction, type RegistrationRecord } from "./domain/registration.js";
import { RESOURCES_ERRORS } from "./errors.js";

const { error: resourcesError } = errorFactory(RESOURCES_ERRORS);

export function providerHandlers(deps: Pick<ProviderDeps, "store" | "engine" | "newId" | "catalog">) {
  const { store, engine } = deps;
  // Sorted at the first list, not at start-up: the first localeCompare loads ICU's collator (~9 ms).
  let sortedOnce: typeof deps.catalog | undefined;
  const sorted = () => (sortedOnce ??= [...deps.catalog].sort((a, b) => a.namespace.localeCompare(b.namespace)));
  const sub = (ctx: RequestContext) => ctx.params["subscriptionId"]!;
  const record = (s: string, served: ServedNamespace) => store.get<RegistrationRecord>("meta", registrationKey(s, served.namespace));
  const render = (ctx: RequestContext, served: ServedNamespace, rec = record(sub(ctx), served)) =>
    renderProvider({ sub: sub(ctx), served, state: registrationState(rec, ctx.now), locations: LOCATIONS });
  const served = (ctx: RequestContext): ServedNamespace => {
    const name = ctx.params["resourceProviderNamespace"]!;
    const found = findNamespace(deps.catalog, name);
    if (!found) throw resourcesError("invalidResourceNamespace", { namespace: name });
    return found;
  };

  // $expand (e.g. resourceTypes/aliases) is accepted and ignored: no served type has aliases.
  const list = (ctx: RequestContext): Reply => page(ctx, sorted(), (s) => render(ctx, s), (raw) => resourcesError("invalidSkipToken", { token: raw }));
  const get = (ctx: RequestContext): Reply => ({ status: 200, body: render(ctx, served(ctx)) });

  /** Register or unregister: 200 with the provider as it now is (Registering / Unregistering). */
  const transition = (action: RegistrationAction) => (ctx: RequestContext): Reply => {
    const ns = served(ctx);
    const existing = record(sub(ctx), ns);
    const decision = decideRegistration({ sub: sub(ctx), namespace: ns.namespace, action, existing, now: ctx.now, operationId: deps.newId() });
    if (decision.operation) {
      const change: Change = { meta: [[registrationKey(sub(ctx), ns.namespace), decision.record]], operations: [decision.operation], ...(decision.forget ? { forget: [decision.forget] } : {}) };
      engine.commit(change);
    }
    return { status: 200, body: render(ctx, ns, decision.record) };
  };

  return { list, get, register: transition("register"), unregister: transition("unregister") };
}
