// /_aksemu/cloud-shell: who is signed in to the emulated Cloud Shell, whose managed identity
// endpoint (identity/cloud-shell.ts) gives az its tokens there. The identity is one of the
// directory's principals, named by client id; with none, every token request is Cloud Shell's 400
// (seed 003, cause 4). Kept in the store's meta, so it survives a restart.
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import { isObject } from "../arm/json.js";
import type { Engine } from "../engine/engine.js";
import { CLOUD_SHELL_TOKEN_PATH } from "../identity/cloud-shell.js";
import type { Principal } from "../identity/entra.js";
import { SEED_RUN_COMMAND, type Scenario } from "../providers/scenario.js";
import type { Reader, Store } from "../store/store.js";

export const CLOUD_SHELL_KEY = "cloud-shell";
export type CloudShellRecord = { clientId: string };

/** The signed-in identity: the principal the record names, while it exists. */
export function cloudShellIdentity(read: Reader, principals: readonly Principal[]): Principal | undefined {
  const rec = read.get<CloudShellRecord>("meta", CLOUD_SHELL_KEY);
  return rec ? principals.find((p) => p.clientId.toLowerCase() === rec.clientId.toLowerCase()) : undefined;
}

export function cloudShellHandlers(deps: { store: Store; engine: Engine; principals: () => Principal[]; tenantId: string }) {
  const view = (ctx: RequestContext): Reply => {
    const p = cloudShellIdentity(deps.store, deps.principals());
    return { status: 200, body: { identity: p ? { clientId: p.clientId, objectId: p.objectId, displayName: p.displayName, tenantId: deps.tenantId } : null, msiEndpoint: `${ctx.origin}${CLOUD_SHELL_TOKEN_PATH}` } };
  };
  const set = (ctx: RequestContext): Reply => {
    const body = ctx.body ?? {};
    if (!isObject(body)) throw apiError("controlBadRequest", { message: 'The body must be a JSON object such as {"clientId": "<principal client id>"}.' });
    const unknown = Object.keys(body).filter((k) => k !== "clientId");
    if (unknown.length > 0) throw apiError("controlBadRequest", { message: `Unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")}: the body takes 'clientId'.` });
    const clientId = body["clientId"];
    if (typeof clientId !== "string" || clientId === "") throw apiError("controlBadRequest", { message: "'clientId' must be the client id of a principal (GET /_aksemu/principals)." });
    if (!deps.principals().some((p) => p.clientId.toLowerCase() === clientId.toLowerCase())) throw apiError("controlNotFound", { message: `No principal with client id '${clientId}'.` });
    deps.engine.commit({ meta: [[CLOUD_SHELL_KEY, { clientId } satisfies CloudShellRecord]] });
    return view(ctx);
  };
  const clear = (): Reply => {
    deps.engine.commit({ meta: [[CLOUD_SHELL_KEY, undefined]] });
    return { status: 204 };
  };
  return { view, set, clear, identity: () => cloudShellIdentity(deps.store, deps.principals()) };
}

/** Seed 003's cause 4 as a scenario of the control layer's own (the Cloud Shell record is its). */
export const cloudShellMsiUnavailable: Scenario = {
  name: "cloud-shell-msi-unavailable",
  scope: "subscription",
  rank: 140,
  seed: { section: SEED_RUN_COMMAND, symptom: "Failed to connect to MSI. Please make sure MSI is configured correctly. Get Token request returned: Response [400];", cause: "Cause 4: There's a Cloud Shell issue" },
  sets: `nobody signed in to the emulated Cloud Shell: its managed identity endpoint (${CLOUD_SHELL_TOKEN_PATH}, MSI_ENDPOINT of aksemu env --cloud-shell) answers every token request 400`,
  sees: {
    where: "az (2.45) with aksemu env --proxy --cloud-shell: az login --identity, and every command of a Cloud Shell login, exit 1 with \"Failed to connect to MSI. Please make sure MSI is configured correctly.\\nGet Token request returned: <Response [400]>\" (also with an identity: az aks command invoke on a Microsoft Entra ID cluster, whose audience Cloud Shell does not serve, AudienceNotSupported)",
    code: "<Response [400]>",
  },
  remedy: [
    "az login   (interactively, or az login --service-principal -u <appId> -p <secret> --tenant <tenant>), then az aks command invoke again (Solution 4a)",
    "or run az aks command invoke from a local computer or a VM: without ACC_CLOUD and MSI_ENDPOINT (Solution 4b)",
    "or sign an identity in to the emulated Cloud Shell: PUT /_aksemu/cloud-shell {\"clientId\": \"<principal>\"}, then az login --identity (not enough on an Entra ID cluster)",
  ],
  apply: () => ({ change: { meta: [[CLOUD_SHELL_KEY, undefined]] }, applied: { cloudShellIdentity: null, msiEndpoint: CLOUD_SHELL_TOKEN_PATH } }),
};
