// The portal's only way to the emulator: ordinary ARM, Entra ID and /_aksemu calls on this origin,
// each with the signed-in principal's bearer token, so RBAC applies exactly as it does to az.

export const DEFAULT_PRINCIPAL = { tenant: "00000000-0000-4000-8000-0000000a7e11", clientId: "00000000-0000-4000-8000-00000000c11e", clientSecret: "aksemu-local-secret" };

// The api-versions the portal sends (each is in the route table, docs/api.md).
export const API = {
  subscriptions: "2022-12-01",
  resources: "2021-04-01",
  aks: "2025-10-01",
  aksPreview: "2025-10-02-preview",
  detectors: "2024-08-01",
  activityLog: "2015-04-01",
};

const SESSION = "aksemu.portal.session";

/** The session: { tenant, clientId, clientSecret, token, expiresAt }. The secret stays so an expired token (virtual time moves) can be renewed. */
export function session() {
  const raw = sessionStorage.getItem(SESSION);
  return raw ? JSON.parse(raw) : undefined;
}

export function signOut() {
  sessionStorage.removeItem(SESSION);
}

/** An error as the server sent it: ARM's `{error: {code, message}}` or AKS's bare `{code, message}`. */
export class ArmError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

async function mint(tenant, clientId, clientSecret) {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: "https://management.azure.com/.default" });
  const res = await fetch(`/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ArmError(res.status, body.error ?? "invalid_request", body.error_description ?? `Sign-in failed (${res.status}).`, body);
  return { token: body.access_token, expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1000 };
}

/** Signs in with a principal's client credentials (client_credentials at the emulator's own Entra ID). */
export async function signIn(tenant, clientId, clientSecret) {
  const minted = await mint(tenant, clientId, clientSecret);
  sessionStorage.setItem(SESSION, JSON.stringify({ tenant, clientId, clientSecret, ...minted }));
}

async function renew() {
  const s = session();
  if (!s) throw new ArmError(401, "NotSignedIn", "Sign in first.");
  const minted = await mint(s.tenant, s.clientId, s.clientSecret);
  sessionStorage.setItem(SESSION, JSON.stringify({ ...s, ...minted }));
}

function errorOf(status, body) {
  const e = body && typeof body === "object" ? (body.error && typeof body.error === "object" ? body.error : body) : {};
  return new ArmError(status, e.code ?? String(status), e.message ?? `The request failed with status ${status}.`, body);
}

/**
 * One call: `path` absolute or origin-relative. Answers { status, headers, body } for 2xx and
 * throws ArmError otherwise. A 401 (the token expired in virtual time) renews the token once.
 */
export async function call(method, path, body, retried = false) {
  const s = session();
  if (!s) throw new ArmError(401, "NotSignedIn", "Sign in first.");
  const headers = { authorization: `Bearer ${s.token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : method === "POST" ? { body: "" } : {}) });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (res.status === 401 && !retried) {
    await renew();
    return call(method, path, body, true);
  }
  if (!res.ok && res.status !== 202) throw errorOf(res.status, parsed);
  return { status: res.status, headers: res.headers, body: parsed };
}

export const get = async (path) => (await call("GET", path)).body;

/** `path?api-version=v` (or `&api-version` when it has a query). */
export const withVersion = (path, version) => `${path}${path.includes("?") ? "&" : "?"}api-version=${version}`;

/** Every page of a list (nextLink). */
export async function list(path) {
  const out = [];
  for (let next = path; next; ) {
    const page = await get(next);
    out.push(...(page.value ?? []));
    next = page.nextLink;
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls an Azure-AsyncOperation URL until a terminal status, telling `onStatus` each one. */
export async function poll(url, onStatus, intervalMs = 700) {
  for (;;) {
    const status = await get(url);
    onStatus(status);
    if (!["InProgress", "Canceling", "Accepted", "Running"].includes(status.status)) return status;
    await sleep(intervalMs);
  }
}
