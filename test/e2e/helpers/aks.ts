// Shared helpers for the end-to-end tier: official SDK clients against a real emulator, raw
// requests with fresh tokens, and the expected-error checks the seed scenarios repeat.
import assert from "node:assert/strict";
import type { ContainerServiceClient, ManagedCluster } from "@azure/arm-containerservice";
import { SUB, clusterPath, type Emulator, type HttpResult } from "../../support/emulator.js";
import { sdkClients } from "../../support/sdk.js";

export { SUB, clusterPath };

/** The preview api-version seed 001 uses for `operations/latest`. */
export const OPS_API = "2024-01-02-preview";
/** An api-version the GA front door accepts for raw calls. */
export const GA_API = "2026-04-01";

/** A raw ARM request (emu.request mints a new token once virtual time has passed the old one's expiry). */
export function arm(emu: Emulator, method: string, path: string, body?: unknown): Promise<HttpResult> {
  return emu.request(method, path, body === undefined ? {} : { body });
}

/** New SDK clients (and so a new credential and token): call again after large clock moves. */
export function clients(emu: Emulator) {
  return sdkClients(emu);
}

export async function advance(emu: Emulator, by: string): Promise<void> {
  const res = await emu.advance(by);
  assert.equal(res.status, 200, `advance ${by}: ${res.text}`);
}

/** "2024-02-21T13:33:55.1234567Z" → "2024-02-21T13:33:55Z": the form AKS prints in its messages. */
export function secondsZ(armTime: string | Date): string {
  const iso = typeof armTime === "string" ? armTime : armTime.toISOString();
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  assert.ok(m, `not an RFC 3339 UTC time: ${iso}`);
  return `${m[1]}Z`;
}

export const PENDING = "please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details";

/** The newest operation of a cluster (or pool), seed 001's `operations/latest`. */
export async function latest(emu: Emulator, rg: string, name: string, pool?: string): Promise<any> {
  const path = `${clusterPath(rg, name)}${pool ? `/agentPools/${pool}` : ""}/operations/latest?api-version=${OPS_API}`;
  const res = await arm(emu, "GET", path);
  assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
  return res.json;
}

/** Asserts that a promise rejects with the RestError an AKS refusal produces. */
export async function rejectsWith(p: Promise<unknown>, status: number, code: string, message: string): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e?.name, "RestError", `expected a RestError, got ${e?.name}: ${e?.message}`);
    assert.equal(e.statusCode, status, `status of: ${e.message}`);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

/** The bare AKS error body, byte for byte as the seed prints its keys. */
export function aksErrorText(code: string, message: string): string {
  return JSON.stringify({ code, details: null, message, subcode: "" });
}

export function assertAksError(res: HttpResult, status: number, code: string, message: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.text, aksErrorText(code, message));
}

export type PoolSpec = { name: string; count: number; mode?: "System" | "User"; orchestratorVersion?: string };

export function clusterBody(o: { version?: string; pools?: PoolSpec[]; tags?: Record<string, string> } = {}): ManagedCluster {
  return {
    location: "eastus",
    ...(o.tags ? { tags: o.tags } : {}),
    ...(o.version ? { kubernetesVersion: o.version } : {}),
    dnsPrefix: "e2e",
    agentPoolProfiles: (o.pools ?? [{ name: "nodepool1", count: 1, mode: "System" }]).map((p) => ({
      name: p.name,
      count: p.count,
      mode: p.mode ?? "System",
      vmSize: "Standard_DS2_v2",
      ...(p.orchestratorVersion ? { orchestratorVersion: p.orchestratorVersion } : {}),
    })),
  };
}

/**
 * Creates a cluster through the SDK on the manual clock: the poller is started, the clock moved
 * far enough for the create plan (about 5 simulated minutes), then the poller is awaited.
 */
export async function createCluster(emu: Emulator, client: ContainerServiceClient, rg: string, name: string, body: ManagedCluster = clusterBody()): Promise<ManagedCluster> {
  const poller = await client.managedClusters.beginCreateOrUpdate(rg, name, body, { updateIntervalInMs: 20 });
  const done = poller.pollUntilDone();
  await advance(emu, "PT15M");
  const mc = await done;
  assert.equal(mc.provisioningState, "Succeeded");
  return mc;
}

/** Starts a poller's polling now and keeps its outcome, so a rejection is never unhandled. */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: any }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Waits (in real time) until `check` holds: for pollers that must observe a state first. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
