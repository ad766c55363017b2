// Shared by the HTTP tests of Microsoft.Network and of the detectors: network writes followed to
// their end, and a detector's answer read as a client reads it.
import assert from "node:assert/strict";
import type { Emulator } from "../support/emulator.js";
import { assertStatus, finish, header, mcPath, q, rgPath } from "./helpers.js";

export const NET_API = "2025-09-01";
export const netPath = (rg: string) => `${rgPath(rg)}/providers/Microsoft.Network`;

/** A Network PUT followed to its end; it must succeed. */
export async function netPut(emu: Emulator, path: string, body: unknown): Promise<void> {
  const res = await emu.request("PUT", q(path, NET_API), { body });
  assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
  assert.equal((await finish(emu, String(header(res, "azure-asyncoperation")), "PT5S")).status, "Succeeded");
}

export async function netGet(emu: Emulator, path: string): Promise<any> {
  const res = await emu.request("GET", q(path, NET_API));
  assertStatus(res, 200);
  return res.json;
}

const STATUS = ["Critical", "Warning", "Info", "Success", "None"];
export type Insight = { status: string; message: string; data: Record<string, string>; commands: string[] };

/** A cluster detector's answer: its status name and, per dataset, the first row's status and message, the name/value rows and the first solution's commands. */
export async function detectorAnswer(emu: Emulator, rg: string, cluster: string, id: string): Promise<{ status: string; insights: Insight[] }> {
  const res = await emu.request("GET", `${mcPath(rg, cluster)}/detectors/${id}?api-version=2024-08-01`);
  assertStatus(res, 200);
  const p = res.json.properties;
  const insights = (p.dataset as any[]).map((d): Insight => {
    const rows = d.table.rows as string[][];
    const solutions = JSON.parse(rows[0]![5]!) as any[] | null;
    return { status: rows[0]![0]!, message: rows[0]![1]!, data: Object.fromEntries(rows.filter((r) => r[2] !== "").map((r) => [r[2], r[3]])), commands: solutions?.[0]?.ActionArgs?.commands ?? [] };
  });
  return { status: STATUS[p.status.statusId]!, insights };
}
