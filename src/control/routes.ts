// The emulator's own API under /_aksemu/, listed once: the front door routes it, the docs read it.
import type { Catalog } from "../arm/catalog.js";
import { ARM_ERRORS } from "../arm/error-catalog.js";
import type { Route } from "../arm/router.js";
import type { Clock } from "../clock/clock.js";
import type { Engine } from "../engine/engine.js";
import type { Principal } from "../identity/entra.js";
import type { Store } from "../store/store.js";
import { cloudShellHandlers } from "./cloud-shell.js";
import { controlHandlers } from "./control-api.js";
import { faultHandlers } from "./faults.js";
import { principalHandlers } from "./principals.js";
import { scenarioHandlers, type ScenarioKubeDeps } from "./scenarios.js";
import { stateHandlers, type StateDeps } from "./state.js";
import { subscriptionHandlers } from "./subscriptions.js";
import { AKSEMU_VERSION } from "../version.js";
import { recordingHandlers, type RecorderSwitch } from "./recording.js";
import type { Subscription } from "../providers/provider.js";
import type { ScenarioBook } from "../providers/scenario.js";

export type ControlDeps = { store: Store; engine: Engine; clock: Clock; defaultPrincipal: Principal; tenantId: string; newId: () => string; subscriptions: () => Subscription[];
  /** The providers' error catalogs (the front door's is added here): faults fail with their codes. */
  providerErrors?: readonly Catalog[];
  /** The providers' named scenarios (Provider.scenarios, from the provider list). */
  scenarios?: readonly ScenarioBook[];
  /** The clusters' Kubernetes APIs, for the writes a scenario makes inside a cluster. */
  kube?: ScenarioKubeDeps;
  /** Reset and snapshots (state.ts): what the composition root reloads, where snapshots go. */
  state: Omit<StateDeps, "store" | "clock" | "version">;
  /** "sqlite" or "memory", for /_aksemu/health. */
  storeKind: string;
  /** The recorder (server/recorder.ts), switched on and off here. */
  recorder: RecorderSwitch };

export function controlRoutes(deps: ControlDeps): { routes: Route[]; principals: () => Principal[]; cloudShell: () => { identity: Principal | undefined; tenant: string } } {
  const control = controlHandlers(deps);
  const principals = principalHandlers(deps);
  const cloudShell = cloudShellHandlers({ ...deps, principals: principals.all });
  const faults = faultHandlers({ ...deps, errorCatalogs: () => [ARM_ERRORS, ...(deps.providerErrors ?? [])] });
  const subscriptions = subscriptionHandlers(deps);
  const scenarios = scenarioHandlers(deps);
  const state = stateHandlers({ ...deps.state, store: deps.store, clock: deps.clock, version: AKSEMU_VERSION });
  const none = { kind: "none" } as const;
  const health: Route = {
    method: "GET",
    pattern: "/_aksemu/health",
    apiVersions: none,
    auth: "none",
    summary: "no token: `{status: \"Healthy\", version, store, clock: {mode, now}}` once the emulator serves (for scripts and orchestrators)",
    handler: () => ({ status: 200, body: { status: "Healthy", version: AKSEMU_VERSION, store: deps.storeKind, clock: { mode: deps.clock.mode, now: new Date(deps.clock.now()).toISOString() } } }),
  };
  const raw = (route: Route): Route => ({ ...route, body: "raw" });
  const recording = recordingHandlers(deps.recorder);
  const r = (method: string, pattern: string, handler: Route["handler"], summary: string): Route => ({ method, pattern, apiVersions: none, handler, summary, tenant: "emulator" });
  return {
    routes: [
      health,
      r("POST", "/_aksemu/reset", state.reset, 'back to the first-start state: `{}` everything (the virtual clock back to now), `{"subscriptionId"}` or `{"subscriptionId","resourceGroup"}` only that; principals and the Cloud Shell sign-in stay unless `"identity": true`'),
      r("GET", "/_aksemu/snapshots", state.list, "saved snapshots: `{value: [{name, createdAt, virtualTime, documents, bytes}]}`"),
      r("POST", "/_aksemu/snapshots", state.save, '`{"name"}`: save everything (resources, operations in flight, activity log, faults, Kubernetes objects, virtual time) → 201 (200 when it replaced one)'),
      r("GET", "/_aksemu/snapshots/{snapshotName}", state.get, "the snapshot itself (export: a portable JSON file with its format number)"),
      raw(r("PUT", "/_aksemu/snapshots/{snapshotName}", state.put, "import an exported snapshot under this name (its format is checked; nothing changes if it cannot be read)")),
      r("DELETE", "/_aksemu/snapshots/{snapshotName}", state.remove, "delete one"),
      r("POST", "/_aksemu/snapshots/{snapshotName}/restore", state.restore, "bring it back exactly: operations resume where they were, virtual time returns to the snapshot's"),
      r("GET", "/_aksemu/recording", recording.state, "`{recording, file, exchanges}`"),
      r("PUT", "/_aksemu/recording", recording.start, '`{"file": "<path>"}`: record every exchange from now on to that file (JSON lines, secrets redacted; `aksemu replay`), replacing a recording under way'),
      r("DELETE", "/_aksemu/recording", recording.stop, "stop recording (the file is complete once this answers)"),
      r("GET", "/_aksemu/clock", control.state, "`{mode, speed, now}`"),
      r("POST", "/_aksemu/clock/advance", control.advance, 'manual clock: `{"by":"PT5M"}` or `{"to":"<RFC 3339>"}`'),
      r("GET", "/_aksemu/principals", principals.list, "principals (without secrets)"),
      r("POST", "/_aksemu/principals", principals.create, "add one: `{displayName?, clientId?, clientSecret?}` → 201 with its secret and object id"),
      r("DELETE", "/_aksemu/principals/{clientId}", principals.remove, "remove one"),
      r("GET", "/_aksemu/cloud-shell", cloudShell.view, "the emulated Cloud Shell's signed-in identity (`null`: none) and its `msiEndpoint` (docs/run-command.md)"),
      r("PUT", "/_aksemu/cloud-shell", cloudShell.set, '`{"clientId": "<principal>"}`: sign that principal in to Cloud Shell (its managed identity endpoint gives tokens)'),
      r("DELETE", "/_aksemu/cloud-shell", cloudShell.clear, "nobody signed in: every managed identity token request is a 400 (seed 003, cause 4)"),
      r("GET", "/_aksemu/faults", faults.list, "injected faults, oldest first, with their counters (`seen`, `fired`, `remaining`)"),
      r("POST", "/_aksemu/faults", faults.create, 'add one: `{id?, match: {operationType?, resourceId?, provider?, step?, nth? \\| probability?, seed?}, effect: {fail: {code, message?, details?}} \\| {transient: {...}} \\| {delay: "PT5M"} \\| {hang: true}, times?}` → 201 (docs/scenarios.md)'),
      r("DELETE", "/_aksemu/faults", faults.clear, "remove every fault"),
      r("GET", "/_aksemu/faults/{faultId}", faults.show, "one fault"),
      r("DELETE", "/_aksemu/faults/{faultId}", faults.remove, "remove one (a step it holds stays held until aborted)"),
      r("GET", "/_aksemu/subscriptions", subscriptions.list, "subscriptions and their states"),
      r("PUT", "/_aksemu/subscriptions/{id}", subscriptions.setState, '`{"state":"Enabled|Warned|PastDue|Disabled"}`: Disabled makes it read-only (ReadOnlyDisabledSubscription)'),
      r("GET", "/_aksemu/scenarios", scenarios.list, "seed 002's scenarios: the row, what each sets, what the user sees, the remedy (docs/scenarios.md)"),
      r("POST", "/_aksemu/scenarios/{scenarioName}", scenarios.apply, 'put the world in a scenario\'s state (idempotent): `{"resourceGroup", "cluster", "pool"?, "subscriptionId"?}` for a cluster\'s, none for the subscription\'s'),
    ],
    principals: principals.all,
    cloudShell: () => ({ identity: cloudShell.identity(), tenant: deps.tenantId }),
  };
}
