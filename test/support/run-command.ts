// Run command in tests: the command pod's world as a client sees it (the cluster's Kubernetes API
// with the admin kubeconfig's token), a zip like az's --file builds, and the wait (in virtual time)
// for the scheduler and kubelet simulation to start a command pod.
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { mcPath, q } from "../http/helpers.js";
import type { Emulator, HttpResult } from "./emulator.js";

export type KubeAccess = { base: string; token: string; call(method: string, path: string, body?: unknown, type?: string): Promise<HttpResult> };

export async function kubeAccess(emu: Emulator, rg: string, name: string, action = "listClusterAdminCredential"): Promise<KubeAccess> {
  const res = await emu.request("POST", q(`${mcPath(rg, name)}/${action}`));
  assert.equal(res.status, 200, res.text);
  const text = Buffer.from(res.json.kubeconfigs[0].value, "base64").toString("utf8");
  const base = new URL(/^\s+server: (\S+)$/m.exec(text)![1]!).pathname;
  const token = /^\s+token: (\S+)$/m.exec(text)![1]!;
  return {
    base,
    token,
    call: (method, path, body, type = "application/json") =>
      emu.request(method, `${base}${path}`, { ...(body !== undefined ? { rawBody: JSON.stringify(body), headers: { "content-type": type } } : {}), auth: token }),
  };
}

/** The command pods in aks-command (none yet: an empty list). */
export async function commandPods(k: KubeAccess): Promise<any[]> {
  const res = await k.call("GET", "/api/v1/namespaces/aks-command/pods");
  return res.status === 200 ? res.json.items : [];
}

/** Waits (real time, briefly) for the command pod to exist: the POST creates it before it waits. */
export async function waitForCommandPod(k: KubeAccess): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const pods = await commandPods(k);
    const pending = pods.find((p) => p.status?.phase === "Pending" || p.status?.phase === undefined);
    if (pending) return pending;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail("no command pod was created");
}

/**
 * Lets the cluster start a command pod as a user would wait for it: virtual time moves on a second
 * at a time (the manual clock) until the scheduler has placed it and the kubelet runs it, for at
 * most 20 s (the POST's own limit is 30 s).
 */
export async function startPod(k: KubeAccess, name: string, emu: Emulator): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const pod = (await k.call("GET", `/api/v1/namespaces/aks-command/pods/${name}`)).json;
    if (pod.status?.phase !== "Pending") return;
    assert.equal((await emu.advance("PT1S")).status, 200);
  }
  assert.fail(`${name} did not start within 20 s of virtual time`);
}

/** A zip of `files` (deflated, as Python's zipfile with ZIP_DEFLATED would; az uses ZIP_STORED), base64 as az sends it. */
export function zipBase64(files: Record<string, string>): string {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(0, 14);
    lh.writeUInt32LE(packed.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(packed.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, packed);
    central.push(ch, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]).toString("base64");
}

/** A command's result, polled at its Location until the 202s end: the final 200 body. */
export async function commandResult(emu: Emulator, location: string, auth?: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const res = await emu.request("GET", location, auth ? { auth } : {});
    if (res.status === 200) return res.json;
    assert.equal(res.status, 202, res.text);
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail("the command did not finish");
}

/** POSTs a command (as `auth`), lets virtual time move until its pod runs (if one is made), returns the POST's answer. */
export async function invokeCommand(emu: Emulator, kube: KubeAccess, mc: string, command: string, auth?: string, extra: { clusterToken?: string } = {}): Promise<HttpResult> {
  const answer = emu.request("POST", q(`${mc}/runCommand`), { body: { command, ...extra }, ...(auth ? { auth } : {}) });
  const pod = await Promise.race([waitForCommandPod(kube), answer.then(() => undefined)]);
  if (pod) await startPod(kube, pod.metadata.name, emu);
  return answer;
}
