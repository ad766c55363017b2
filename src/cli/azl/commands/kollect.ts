// azl aks kollect: a diagnostics bundle in a local directory, collected over the emulator's ARM API
// only: the cluster, its pools and operation history, the node resource group's scale sets with
// their instances (instance views) and its standalone VMs, the last day's activity log of the
// cluster and of its node resource group, and every detector's result (Diagnose and solve
// problems), as JSON files plus summary.md. Real `az aks kollect` runs AKS Periscope in the cluster
// and uploads node logs to a storage account instead (docs/cli.md, Differences).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CliError } from "../errors.js";
import { arg, type CommandContext, type CommandSpec } from "../spec.js";
import type { ListPage, ManagedCluster } from "../wire.js";
import { at, renderSummary, type BundleFile, type Json } from "./kollect-summary.js";
import { pythonIso, emulatorNow } from "./monitor.js";
import { AKS_API, AKS_PREVIEW_API, clusterPath, groupPath, must, str } from "./shared.js";

const COMPUTE_API = "2024-07-01";
const ACTIVITY_LOG_API = "2015-04-01";
/** The api-version of AKS's detectors as vscode-aks-tools reads them. */
const DETECTOR_API = "2019-08-01";
const DAY = 24 * 3600_000;

type Outcome<T> = { value: T } | { error: { code: string; message: string } };

/** A call whose refusal goes into the bundle instead of ending the collection (an unregistered Compute, a missing node group). */
async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { value: await fn() };
  } catch (e) {
    if (e instanceof CliError) return { error: { code: e.code ?? e.kind, message: e.message } };
    throw e;
  }
}

/** Every page of a list. */
async function listAll(ctx: CommandContext, path: string, apiVersion?: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let url: string | undefined = path; url; ) {
    const page: ListPage<Json> = (await ctx.client().call<ListPage<Json>>("GET", url, apiVersion ? { apiVersion } : {})).body;
    out.push(...page.value);
    url = page.nextLink;
  }
  return out;
}

/** The activity log of a resource group over the window (ActivityLogs_List, the filter az builds). */
function activityLog(ctx: CommandContext, group: string, window: { start: number; end: number }): Promise<Json[]> {
  const filter = `eventTimestamp ge ${pythonIso(window.start)} and eventTimestamp le ${pythonIso(window.end)} and resourceGroupName eq '${group}'`;
  const query = new URLSearchParams({ "api-version": ACTIVITY_LOG_API, $filter: filter });
  return listAll(ctx, `/subscriptions/${ctx.subscription()}/providers/Microsoft.Insights/eventtypes/management/values?${query.toString()}`);
}

const within = (id: unknown, scope: string) => typeof id === "string" && (id.toLowerCase() === scope.toLowerCase() || id.toLowerCase().startsWith(`${scope.toLowerCase()}/`));
/** A VM's provisioning state, from its own properties or its instance view's first status. */
const failedVm = (vm: Json) =>
  at(vm, "properties", "provisioningState") === "Failed" || ((at(vm, "properties", "instanceView", "statuses") ?? []) as Json[]).some((s) => /^ProvisioningState\/failed/i.test(String(s["code"])));

/** A directory name from the emulator's time: aks-kollect-<group>-<cluster>-<yyyymmddThhmmssZ>. */
const defaultDir = (rg: string, name: string, at: number) => `aks-kollect-${rg}-${name}-${new Date(at).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`;

export const KOLLECT: CommandSpec = {
  path: ["aks", "kollect"],
  summary: "Collect diagnostics of a managed cluster into a local directory: the cluster, its pools, operations, node VMs, activity log and detector results.",
  args: [
    arg.resourceGroup(),
    arg.clusterName(),
    { name: "output-dir", help: "The directory to write the bundle to (created if missing). Default: aks-kollect-<group>-<cluster>-<time> in the current directory." },
  ],
  examples: [{ summary: "Collect a diagnostics bundle of a cluster into ./bundle.", command: "azl aks kollect -g MyResourceGroup -n MyManagedCluster --output-dir ./bundle" }],
  async run(ctx, args) {
    const rg = must(args, "resource-group");
    const name = must(args, "name");
    const client = ctx.client();
    const mc = clusterPath(ctx, rg, name);
    const cluster = (await client.call<ManagedCluster & Json>("GET", mc, { apiVersion: AKS_API })).body;
    const now = await emulatorNow(ctx);
    const window = { start: now - DAY, end: now };
    const dir = resolve(ctx.cwd, str(args, "output-dir") ?? defaultDir(rg, name, now));
    for (const sub of ["detectors", "node-resource-group"]) mkdirSync(join(dir, sub), { recursive: true });
    const files: BundleFile[] = [];
    const write = (file: string, what: string, content: Outcome<unknown> | { value: unknown }) => {
      writeFileSync(join(dir, file), `${JSON.stringify("value" in content ? content.value : { error: content.error }, null, 2)}\n`);
      files.push({ name: file, what, ...("error" in content ? { error: content.error } : {}) });
    };

    write("cluster.json", "the managed cluster (GET, api-version " + AKS_API + ")", { value: cluster });
    write("agent-pools.json", "its agent pools", await attempt(() => listAll(ctx, `${mc}/agentPools`, AKS_API)));
    write("operations.json", "its operation history and its pools' (the latest 50 AKS keeps)", await attempt(() => listAll(ctx, `${mc}/operations`, AKS_PREVIEW_API)));

    const nodeGroup = String(cluster.properties["nodeResourceGroup"] ?? `MC_${rg}_${name}_${cluster.location}`);
    const compute = `${groupPath(ctx, nodeGroup)}/providers/Microsoft.Compute`;
    const scaleSets = await attempt(async () => {
      const sets = await listAll(ctx, `${compute}/virtualMachineScaleSets`, COMPUTE_API);
      return Promise.all(sets.map(async (s): Promise<Json> => ({ ...s, virtualMachines: await listAll(ctx, `${String(s["id"])}/virtualMachines?$expand=instanceView`, COMPUTE_API) })));
    });
    write("node-resource-group/virtual-machine-scale-sets.json", `the scale sets of ${nodeGroup}, each with its instances and their instance views`, scaleSets);
    const vms = await attempt(() => listAll(ctx, `${compute}/virtualMachines`, COMPUTE_API));
    write("node-resource-group/virtual-machines.json", `the standalone VMs of ${nodeGroup} (availability set pools)`, vms);
    write("node-resource-group/availability-sets.json", `the availability sets of ${nodeGroup}`, await attempt(() => listAll(ctx, `${compute}/availabilitySets`, COMPUTE_API)));

    const clusterEvents = await attempt(async () => (await activityLog(ctx, rg, window)).filter((e) => within(e["resourceId"], String(cluster["id"]))));
    const nodeEvents = await attempt(() => activityLog(ctx, nodeGroup, window));
    write("activity-log-cluster.json", "the last day's activity log of the cluster and its pools, newest first (as ARM lists it)", clusterEvents);
    write("activity-log-node-resource-group.json", `the last day's activity log of ${nodeGroup}, newest first`, nodeEvents);

    // Every detector, judged over the same day.
    const listed = await attempt(() => listAll(ctx, `${mc}/detectors`, DETECTOR_API));
    write("detectors/index.json", "the detectors the cluster has (GET .../detectors)", listed);
    const times = `startTime=${encodeURIComponent(new Date(window.start).toISOString())}&endTime=${encodeURIComponent(new Date(window.end).toISOString())}`;
    const detectors: Json[] = [];
    for (const d of ("value" in listed ? listed.value : []).filter((x) => at(x, "properties", "metadata", "type") === "Detector")) {
      const result = await attempt(async () => (await client.call<Json>("GET", `${mc}/detectors/${String(d["name"])}?${times}`, { apiVersion: DETECTOR_API })).body);
      if ("value" in result) detectors.push(result.value);
      write(`detectors/${String(d["name"])}.json`, `detector ${String(at(d, "properties", "metadata", "name"))}`, result);
    }

    const events = (o: Outcome<Json[]>) => ("value" in o ? o.value : []);
    const instances = "value" in scaleSets ? scaleSets.value.flatMap((s) => (s["virtualMachines"] as Json[]).map((vm) => ({ vm, name: `${String(s["name"])}_${String(vm["instanceId"])}` }))) : [];
    const standalone = "value" in vms ? vms.value : [];
    const failed = [...instances.filter((i) => failedVm(i.vm)).map((i) => i.name), ...standalone.filter(failedVm).map((vm) => String(vm["name"]))];
    files.unshift({ name: "summary.md", what: "this summary" });
    const summary = renderSummary({
      cluster,
      collectedAt: new Date(now).toISOString(),
      window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
      endpoint: client.endpoint,
      detectors,
      nodes: { scaleSets: "value" in scaleSets ? scaleSets.value.length : 0, instances: instances.length, vms: standalone.length, failed },
      events: { cluster: events(clusterEvents).length, nodeResourceGroup: events(nodeEvents).length, failed: [...events(clusterEvents), ...events(nodeEvents)].filter((e) => at(e, "status", "value") === "Failed").length },
      files,
    });
    writeFileSync(join(dir, "summary.md"), summary);
    ctx.stdout(`Wrote the diagnostics bundle of managed cluster '${name}' (${files.length} files) to ${dir}\nRead ${join(dir, "summary.md")} first.\n`);
    return undefined;
  },
};
