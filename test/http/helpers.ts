// Shared pieces of the HTTP-contract tier: literal ARM paths, envelope assertions and LRO helpers.
// Expected texts live in the tests themselves (copied from ERROR-TEXTS.md and the seeds), never
// imported from src/, so a wrong catalog entry makes a test fail.
import assert from "node:assert/strict";
import { CLIENT_ID, CLIENT_SECRET, SUB, TENANT, type Emulator, type HttpResult } from "../support/emulator.js";

export const AKS_API = "2026-04-01";
export const RG_API = "2021-04-01";
export const PREVIEW_API = "2024-07-02-preview";

export const rgPath = (rg: string, sub: string = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}`;
export const mcPath = (rg: string, name: string, sub: string = SUB) => `${rgPath(rg, sub)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const apPath = (rg: string, name: string, pool: string) => `${mcPath(rg, name)}/agentPools/${pool}`;
export const q = (path: string, apiVersion = AKS_API) => `${path}${path.includes("?") ? "&" : "?"}api-version=${apiVersion}`;

export const header = (res: HttpResult, name: string): string | undefined => {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const show = (res: HttpResult) => `${res.status} ${res.text.slice(0, 600)}`;

/** ARM front door: `{"error":{"code","message"}}` and `x-ms-failure-cause: gateway`. */
export function assertGatewayError(res: HttpResult, status: number, code: string, message: string | RegExp): void {
  assert.equal(res.status, status, show(res));
  assert.equal(header(res, "x-ms-failure-cause"), "gateway", `x-ms-failure-cause on ${show(res)}`);
  assertWrapped(res, code, message);
}

/** Wrapped `{"error":{"code","message"[,"target"]}}` (ARM or an ARM-style RP). */
export function assertWrapped(res: HttpResult, code: string, message: string | RegExp, target?: string): void {
  assert.match(String(header(res, "content-type")), /^application\/json/, show(res));
  assert.ok(res.json && typeof res.json === "object" && !Array.isArray(res.json), `JSON object body: ${show(res)}`);
  assert.deepEqual(Object.keys(res.json), ["error"], `wrapped envelope: ${show(res)}`);
  const inner = res.json.error as Record<string, unknown>;
  assert.equal(inner["code"], code, show(res));
  if (typeof message === "string") assert.equal(inner["message"], message);
  else assert.match(String(inner["message"]), message);
  if (target !== undefined) assert.equal(inner["target"], target);
}

/**
 * AKS resource provider: the bare body `{"code","details":null,"message","subcode":""[,"target"]}`,
 * keys in that order (ERROR-TEXTS.md §0). `target: null` asserts there is no target at all.
 */
export function assertAksError(res: HttpResult, status: number, code: string, message: string | RegExp, target?: string | null): void {
  assert.equal(res.status, status, show(res));
  assert.match(String(header(res, "content-type")), /^application\/json/, show(res));
  const body = res.json as Record<string, unknown>;
  assert.ok(body && typeof body === "object", show(res));
  const keys = Object.keys(body);
  assert.deepEqual(keys.slice(0, 4), ["code", "details", "message", "subcode"], `AKS envelope keys: ${show(res)}`);
  assert.ok(keys.length === 4 || (keys.length === 5 && keys[4] === "target"), `AKS envelope keys: ${show(res)}`);
  assert.equal(body["code"], code, show(res));
  assert.equal(body["details"], null);
  assert.equal(body["subcode"], "");
  if (typeof message === "string") assert.equal(body["message"], message);
  else assert.match(String(body["message"]), message);
  if (target === null) assert.equal(body["target"], undefined, "no target expected");
  else if (target !== undefined) assert.equal(body["target"], target, `target of ${show(res)}`);
  assert.equal(header(res, "x-ms-failure-cause"), undefined, "RP errors are not gateway errors");
}

export function assertStatus(res: HttpResult, status: number): void {
  assert.equal(res.status, status, show(res));
}

export const systemPool = (extra: Record<string, unknown> = {}) => ({ name: "nodepool1", count: 3, vmSize: "Standard_DS2_v2", mode: "System", ...extra });

export const clusterBody = (extra: { properties?: Record<string, unknown>; [k: string]: unknown } = {}) => {
  const { properties, ...rest } = extra;
  return {
    location: "eastus",
    ...rest,
    properties: { kubernetesVersion: "1.33", dnsPrefix: "dns1", agentPoolProfiles: [systemPool()], ...(properties ?? {}) },
  };
};

/**
 * The emulator with tokens that follow virtual time. `Emulator.request` caches one token for the
 * emulator's life, and tokens expire after an hour of virtual time: a test that advances the manual
 * clock past that would get 401s. This wrapper mints a new token after every clock advance.
 */
export function refreshing(emu: Emulator): Emulator {
  let token: string | undefined;
  const current = async (): Promise<string> => {
    if (token === undefined) {
      const res = await mintToken(emu, TENANT, CLIENT_ID, CLIENT_SECRET);
      assert.equal(res.status, 200, `token: ${res.text}`);
      token = res.json.access_token as string;
    }
    return token;
  };
  const wrapped: Emulator = {
    ...emu,
    token: current,
    async request(method, path, o = {}) {
      const res = await emu.request(method, path, o.auth === undefined || o.auth === true ? { ...o, auth: await current() } : o);
      if (/\/_aksemu\/clock\/advance/i.test(path) && res.status === 200) token = undefined;
      return res;
    },
    advance(by) {
      return wrapped.request("POST", "/_aksemu/clock/advance", { body: { by } });
    },
    async createGroup(name, location = "eastus") {
      const res = await putGroup(wrapped, name, { location });
      assert.ok(res.status === 200 || res.status === 201, `create group ${name}: ${res.status} ${res.text}`);
    },
  };
  return wrapped;
}

/** Moves the manual clock and checks the control API accepted it. */
export async function advance(emu: Emulator, by: string): Promise<void> {
  const res = await emu.advance(by);
  assert.equal(res.status, 200, `advance ${by}: ${res.status} ${res.text}`);
}

/** GETs an Azure-AsyncOperation URL (absolute, on the emulator). */
export async function opStatus(emu: Emulator, url: string): Promise<any> {
  const res = await emu.request("GET", url);
  assert.equal(res.status, 200, `operation status: ${show(res)}`);
  return res.json;
}

/** Advances the clock in `step`s until the operation reaches a terminal status. */
export async function finish(emu: Emulator, asyncUrl: string, step = "PT1M", maxSteps = 60): Promise<any> {
  for (let i = 0; i < maxSteps; i++) {
    const st = await opStatus(emu, asyncUrl);
    if (st.status !== "InProgress" && st.status !== "Canceling") return st;
    await advance(emu, step);
  }
  assert.fail(`operation ${asyncUrl} did not finish`);
}

/** PUTs a cluster, asserts 201, runs the create to Succeeded and returns the final GET. */
export async function createCluster(emu: Emulator, rg: string, name: string, body: unknown = clusterBody()): Promise<any> {
  const res = await emu.request("PUT", q(mcPath(rg, name)), { body });
  assert.equal(res.status, 201, `create ${name}: ${show(res)}`);
  const st = await finish(emu, String(header(res, "azure-asyncoperation")));
  assert.equal(st.status, "Succeeded", JSON.stringify(st));
  const got = await emu.request("GET", q(mcPath(rg, name)));
  assert.equal(got.status, 200);
  return got.json;
}

/** A PUT that starts an operation (200 or 201), followed to its end: the final async-operation status. */
export async function putToEnd(emu: Emulator, path: string, body: unknown): Promise<any> {
  const res = await emu.request("PUT", q(path), { body });
  assert.ok(res.status === 200 || res.status === 201, show(res));
  return finish(emu, String(header(res, "azure-asyncoperation")));
}

export async function putGroup(emu: Emulator, rg: string, body: unknown = { location: "eastus" }): Promise<HttpResult> {
  return emu.request("PUT", q(rgPath(rg), RG_API), { body });
}

/** A fresh token for the default principal, from the emulator's token endpoint (not the cached one). */
export async function mintToken(emu: Emulator, tenant: string, clientId: string, secret: string): Promise<HttpResult> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, scope: "https://management.azure.com/.default" });
  return emu.request("POST", `/${tenant}/oauth2/v2.0/token`, { rawBody: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, auth: false });
}

export function decodeJwtPart(token: string, index: 0 | 1): any {
  const part = token.split(".")[index];
  assert.ok(part, "JWT part");
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

export const ARM_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
