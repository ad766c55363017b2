// Every write request in the REST spec's examples is accepted by a running emulator, through the
// route and api-version the example names. Placeholders the examples use for real values
// (subscription "00000000-…", location "location1", machine names of another cluster) are
// replaced by this emulator's; the request bodies are sent as the examples give them, except that
// a System pool of Standard_DS1_v2 (1 vCPU) becomes Standard_DS2_v2: real AKS refuses the former
// with SystemPoolSkuTooLow (MicrosoftDocs/azure-dev-docs#216), and so does this emulator.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SUB, startEmulator, type Emulator } from "../support/emulator.js";

type Example = { file: string; operationId: string; parameters: Record<string, unknown> };
const root = join(process.cwd(), "test", "fixtures", "examples");
const examples: Example[] = readdirSync(root).flatMap((v) =>
  readdirSync(join(root, v)).map((f) => ({ file: `${v}/${f}`, ...(JSON.parse(readFileSync(join(root, v, f), "utf8")) as Omit<Example, "file">) })),
);

const WRITES: Record<string, { method: string; suffix: string; bodyKey?: string }> = {
  ManagedClusters_CreateOrUpdate: { method: "PUT", suffix: "", bodyKey: "parameters" },
  AgentPools_CreateOrUpdate: { method: "PUT", suffix: "/agentPools/{pool}", bodyKey: "parameters" },
  AgentPools_Update: { method: "PATCH", suffix: "/agentPools/{pool}", bodyKey: "parameters" },
  AgentPools_DeleteMachines: { method: "POST", suffix: "/agentPools/{pool}/deleteMachines", bodyKey: "machines" },
  ManagedClusters_RotateClusterCertificates: { method: "POST", suffix: "/rotateClusterCertificates" },
  ManagedClusters_Stop: { method: "POST", suffix: "/stop" },
  ManagedClusters_Start: { method: "POST", suffix: "/start" },
  AgentPools_Delete: { method: "DELETE", suffix: "/agentPools/{pool}" },
  ManagedClusters_Delete: { method: "DELETE", suffix: "" },
};

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ clock: "instant" });
  await emu.createGroup("rg1");
});
after(() => emu.close());

const settle = () => new Promise((r) => setTimeout(r, 30));
const mc = (name = "clustername1") => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/${name}`;

async function ensureCluster(): Promise<void> {
  if ((await emu.request("GET", `${mc()}?api-version=2026-04-01`)).status === 200) return;
  const res = await emu.request("PUT", `${mc()}?api-version=2026-04-01`, {
    body: { location: "eastus", properties: { agentPoolProfiles: [{ name: "nodepool1", count: 3, mode: "System" }, { name: "agentpool1", count: 3, mode: "User" }] } },
  });
  assert.ok(res.status === 200 || res.status === 201, res.text);
  await settle();
}

// Order matters: create, change, then the lifecycle actions, deletes last. Among the pool PUTs,
// the one that creates agentpool1 with its own settings (vmSize, spot, ...) goes before the
// powerState-only Stop/Start examples: those would otherwise create the pool with defaults first,
// and a node pool's VM size cannot change after creation (each example assumes a fresh pool).
const ORDER = Object.keys(WRITES);
const powerOnly = (e: Example) => {
  const props = (e.parameters["parameters"] as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return Object.keys(props).every((k) => k === "powerState") ? 1 : 0;
};
const writes = examples.filter((e) => e.operationId in WRITES).sort((a, b) => ORDER.indexOf(a.operationId) - ORDER.indexOf(b.operationId) || powerOnly(a) - powerOnly(b));

test("the examples cover every write operation this issue serves", () => {
  assert.deepEqual([...new Set(writes.map((w) => w.operationId))].sort(), Object.keys(WRITES).sort());
});

for (const ex of writes) {
  test(`${ex.file} (${ex.operationId}) is accepted`, async () => {
    if (ex.operationId !== "ManagedClusters_CreateOrUpdate") await ensureCluster();
    const spec = WRITES[ex.operationId]!;
    const p = ex.parameters;
    const pool = String(p["agentPoolName"] ?? "agentpool1");
    let body = spec.bodyKey ? JSON.parse(JSON.stringify(p[spec.bodyKey]).replaceAll('"location1"', '"eastus"')) : undefined;
    for (const profile of (body?.properties?.agentPoolProfiles ?? []) as Record<string, unknown>[]) {
      if (profile["mode"] === "System" && profile["vmSize"] === "Standard_DS1_v2") profile["vmSize"] = "Standard_DS2_v2";
    }
    if (ex.operationId === "AgentPools_DeleteMachines") {
      const machines = await emu.request("GET", `${mc()}/agentPools/${pool}/machines?api-version=2026-04-01`);
      body = { machineNames: machines.json.value.slice(0, (body.machineNames as string[]).length).map((m: { name: string }) => m.name) };
    }
    if (ex.operationId === "AgentPools_CreateOrUpdate" && pool !== "agentpool1" && pool !== "nodepool1") await settle();
    const res = await emu.request(spec.method, `${mc(String(p["resourceName"]))}${spec.suffix.replace("{pool}", pool)}?api-version=${p["api-version"]}`, body === undefined ? {} : { body });
    const expected = Object.keys((ex as unknown as { responses: Record<string, unknown> }).responses).map(Number);
    assert.ok(expected.includes(res.status), `${res.status} not in ${expected}: ${res.text}`);
    await settle();
  });
}
