// meta.k8s.io/v1 Table output (`Accept: ...;as=Table;...`): the columns and cells the apiserver's
// printers produce for the built-in kinds (pkg/printers/internalversion), always "wide" (kubectl
// hides priority-1 columns unless -o wide), and the default Name / Created At table for the rest.
// Pure: `now` is the emulator's clock, so ages follow virtual time.
import { at, isObj, labelsOf, meta, type Obj } from "./objects.js";

export type Column = { name: string; type: string; format?: string; priority?: number };

type Printer = { columns: Column[]; cells: (o: Obj, now: number) => unknown[] };

const col = (name: string, type = "string", priority = 0): Column => ({ name, type, ...(name === "Name" ? { format: "name" } : {}), ...(priority ? { priority } : {}) });

/** duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** translateTimestampSince: "<unknown>" for no time. */
const since = (ts: unknown, now: number) => {
  if (typeof ts !== "string" || ts === "") return "<unknown>";
  return humanDuration(now - Date.parse(ts));
};
const age = (o: Obj, now: number) => since(meta(o)["creationTimestamp"], now);
const name = (o: Obj) => String(meta(o)["name"] ?? "");
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const orNone = (v: unknown) => (v === undefined || v === null || v === "" ? "<none>" : String(v));
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v.filter(isObj) as Obj[]) : []);

function selectorText(sel: unknown): string {
  if (!isObj(sel)) return "<none>";
  const parts: string[] = [];
  if (isObj(sel["matchLabels"])) for (const [k, v] of Object.entries(sel["matchLabels"])) parts.push(`${k}=${String(v)}`);
  for (const e of list(sel["matchExpressions"])) {
    const values = Array.isArray(e["values"]) ? (e["values"] as string[]).join(",") : "";
    const op = String(e["operator"]);
    parts.push(op === "Exists" ? String(e["key"]) : op === "DoesNotExist" ? `!${String(e["key"])}` : `${String(e["key"])} ${op.toLowerCase()} (${values})`);
  }
  return parts.length === 0 ? "<none>" : parts.join(",");
}

const mapText = (m: unknown) => (isObj(m) && Object.keys(m).length > 0 ? Object.entries(m).map(([k, v]) => `${k}=${String(v)}`).join(",") : "<none>");

/** Containers and Images of a pod template (wide columns of the workload kinds). */
function containersAndImages(o: Obj): [string, string] {
  const cs = list(at(o, "spec.template.spec.containers") ?? at(o, "spec.jobTemplate.spec.template.spec.containers"));
  return [cs.map((c) => String(c["name"] ?? "")).join(","), cs.map((c) => String(c["image"] ?? "")).join(",")];
}

function podStatus(o: Obj, now: number): { ready: string; reason: string; restarts: string } {
  const spec = isObj(o["spec"]) ? o["spec"] : {};
  const status = isObj(o["status"]) ? o["status"] : {};
  const total = list(spec["containers"]).length;
  let reason = String(status["reason"] ?? status["phase"] ?? "Pending") || "Pending";
  let ready = 0;
  let restarts = 0;
  // The last time a container ended before a restart: kubectl prints "3 (45s ago)".
  let lastRestart: string | undefined;
  for (const cs of list(status["initContainerStatuses"])) restarts += num(cs["restartCount"]);
  let initializing = false;
  for (const [i, cs] of list(status["initContainerStatuses"]).entries()) {
    const state = isObj(cs["state"]) ? cs["state"] : {};
    const term = isObj(state["terminated"]) ? state["terminated"] : undefined;
    const wait = isObj(state["waiting"]) ? state["waiting"] : undefined;
    if (term && term["exitCode"] === 0) continue;
    initializing = true;
    if (term) reason = term["reason"] ? `Init:${String(term["reason"])}` : `Init:ExitCode:${String(term["exitCode"])}`;
    else if (wait && wait["reason"] && wait["reason"] !== "PodInitializing") reason = `Init:${String(wait["reason"])}`;
    else reason = `Init:${i}/${list(spec["initContainers"]).length}`;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    for (const cs of list(status["containerStatuses"]).reverse()) {
      restarts += num(cs["restartCount"]);
      const finished = at(cs, "lastState.terminated.finishedAt");
      if (typeof finished === "string" && (lastRestart === undefined || Date.parse(finished) > Date.parse(lastRestart))) lastRestart = finished;
      const state = isObj(cs["state"]) ? cs["state"] : {};
      const wait = isObj(state["waiting"]) ? state["waiting"] : undefined;
      const term = isObj(state["terminated"]) ? state["terminated"] : undefined;
      if (wait && wait["reason"]) reason = String(wait["reason"]);
      else if (term && term["reason"]) reason = String(term["reason"]);
      else if (term) reason = term["signal"] ? `Signal:${String(term["signal"])}` : `ExitCode:${String(term["exitCode"])}`;
      else if (isObj(state["running"]) && cs["ready"] === true) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = "Running";
  }
  if (meta(o)["deletionTimestamp"] !== undefined) reason = status["reason"] === "NodeLost" ? "Unknown" : "Terminating";
  return { ready: `${ready}/${total}`, reason, restarts: restarts !== 0 && lastRestart !== undefined ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts) };
}

function nodeCells(o: Obj): unknown[] {
  const conditions = list(at(o, "status.conditions"));
  const ready = conditions.find((c) => c["type"] === "Ready");
  const states = [ready ? (ready["status"] === "True" ? "Ready" : ready["status"] === "False" ? "NotReady" : "Unknown") : "Unknown"];
  if (at(o, "spec.unschedulable") === true) states.push("SchedulingDisabled");
  const labels = labelsOf(o);
  const roles = new Set<string>();
  for (const k of Object.keys(labels)) if (k.startsWith("node-role.kubernetes.io/")) roles.add(k.slice("node-role.kubernetes.io/".length));
  if (labels["kubernetes.io/role"]) roles.add(labels["kubernetes.io/role"]);
  const addresses = list(at(o, "status.addresses"));
  const addr = (t: string) => orNone(addresses.find((a) => a["type"] === t)?.["address"]);
  const info = (k: string) => orNone(at(o, `status.nodeInfo.${k}`));
  return [states.join(","), roles.size === 0 ? "<none>" : [...roles].sort().join(","), "", info("kubeletVersion"), addr("InternalIP"), addr("ExternalIP"), info("osImage"), info("kernelVersion"), info("containerRuntimeVersion")];
}

function servicePorts(o: Obj): string {
  const ports = list(at(o, "spec.ports"));
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${String(p["port"])}${p["nodePort"] ? `:${String(p["nodePort"])}` : ""}/${String(p["protocol"] ?? "TCP")}`).join(",");
}

function externalIp(o: Obj): string {
  const type = String(at(o, "spec.type") ?? "ClusterIP");
  const external = Array.isArray(at(o, "spec.externalIPs")) ? (at(o, "spec.externalIPs") as string[]) : [];
  if (type === "ExternalName") return String(at(o, "spec.externalName") ?? "<none>");
  if (type === "LoadBalancer") {
    const ingress = list(at(o, "status.loadBalancer.ingress")).map((i) => String(i["ip"] ?? i["hostname"] ?? ""));
    const all = [...ingress, ...external];
    return all.length > 0 ? all.join(",") : "<pending>";
  }
  return external.length > 0 ? external.join(",") : "<none>";
}

function endpointsText(o: Obj): string {
  const out: string[] = [];
  let count = 0;
  for (const s of list(o["subsets"])) {
    const ports = list(s["ports"]);
    for (const a of list(s["addresses"])) {
      for (const p of ports.length > 0 ? ports : [{}]) {
        count++;
        if (out.length < 3) out.push(p["port"] !== undefined ? `${String(a["ip"])}:${String(p["port"])}` : String(a["ip"]));
      }
    }
  }
  if (count === 0) return "<none>";
  return count > 3 ? `${out.join(",")} + ${count - 3} more...` : out.join(",");
}

function jobStatus(o: Obj): string {
  const conditions = list(at(o, "status.conditions"));
  const has = (t: string) => conditions.some((c) => c["type"] === t && c["status"] === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  if (has("Suspended")) return "Suspended";
  return "Running";
}

function jobDuration(o: Obj, now: number): string {
  const start = at(o, "status.startTime");
  if (typeof start !== "string") return "";
  const end = at(o, "status.completionTime");
  return humanDuration((typeof end === "string" ? Date.parse(end) : now) - Date.parse(start));
}

function eventCells(o: Obj, now: number): unknown[] {
  let first = since(o["firstTimestamp"], now);
  if (typeof o["firstTimestamp"] !== "string") first = since(o["eventTime"], now);
  let last = typeof o["lastTimestamp"] === "string" ? since(o["lastTimestamp"], now) : first;
  let count = num(o["count"]);
  const series = isObj(o["series"]) ? o["series"] : undefined;
  if (series) {
    last = since(series["lastObservedTime"], now);
    count = num(series["count"]);
  } else if (count === 0) count = 1;
  const inv = isObj(o["involvedObject"]) ? o["involvedObject"] : {};
  const kind = String(inv["kind"] ?? "").toLowerCase();
  const target = inv["name"] ? `${kind}/${String(inv["name"])}` : kind;
  const src = isObj(o["source"]) ? o["source"] : {};
  const component = String(src["component"] ?? o["reportingComponent"] ?? "");
  const host = String(src["host"] ?? o["reportingInstance"] ?? "");
  const source = host ? `${component}, ${host}` : component;
  return [last, String(o["type"] ?? ""), String(o["reason"] ?? ""), target, String(inv["fieldPath"] ?? ""), source, String(o["message"] ?? "").trim(), first, String(count), name(o)];
}

const intOrNA = (v: unknown) => (v === undefined || v === null ? "N/A" : String(v));

const withWorkload = (o: Obj) => {
  const [containers, images] = containersAndImages(o);
  return [containers, images, selectorText(at(o, "spec.selector"))];
};

const PRINTERS: Record<string, Printer> = {
  "/nodes": {
    columns: [col("Name"), col("Status"), col("Roles"), col("Age"), col("Version"), col("Internal-IP", "string", 1), col("External-IP", "string", 1), col("OS-Image", "string", 1), col("Kernel-Version", "string", 1), col("Container-Runtime", "string", 1)],
    cells: (o, now) => {
      const c = nodeCells(o);
      c[2] = age(o, now);
      return [name(o), ...c];
    },
  },
  "/pods": {
    columns: [col("Name"), col("Ready"), col("Status"), col("Restarts"), col("Age"), col("IP", "string", 1), col("Node", "string", 1), col("Nominated Node", "string", 1), col("Readiness Gates", "string", 1)],
    cells: (o, now) => {
      const s = podStatus(o, now);
      const gates = list(at(o, "spec.readinessGates"));
      const conditions = list(at(o, "status.conditions"));
      const gatesText = gates.length === 0 ? "<none>" : `${gates.filter((g) => conditions.some((c) => c["type"] === g["conditionType"] && c["status"] === "True")).length}/${gates.length}`;
      return [name(o), s.ready, s.reason, s.restarts, age(o, now), orNone(at(o, "status.podIP")), orNone(at(o, "spec.nodeName")), orNone(at(o, "status.nominatedNodeName")), gatesText];
    },
  },
  "/namespaces": { columns: [col("Name"), col("Status"), col("Age")], cells: (o, now) => [name(o), String(at(o, "status.phase") ?? "Active"), age(o, now)] },
  "/services": {
    columns: [col("Name"), col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), col("Age"), col("Selector", "string", 1)],
    cells: (o, now) => [name(o), String(at(o, "spec.type") ?? "ClusterIP"), orNone(at(o, "spec.clusterIP")), externalIp(o), servicePorts(o), age(o, now), mapText(at(o, "spec.selector"))],
  },
  "/endpoints": { columns: [col("Name"), col("Endpoints"), col("Age")], cells: (o, now) => [name(o), endpointsText(o), age(o, now)] },
  "/configmaps": {
    columns: [col("Name"), col("Data", "integer"), col("Age")],
    cells: (o, now) => [name(o), (isObj(o["data"]) ? Object.keys(o["data"]).length : 0) + (isObj(o["binaryData"]) ? Object.keys(o["binaryData"]).length : 0), age(o, now)],
  },
  "/secrets": {
    columns: [col("Name"), col("Type"), col("Data", "integer"), col("Age")],
    cells: (o, now) => [name(o), String(o["type"] ?? "Opaque"), (isObj(o["data"]) ? Object.keys(o["data"]).length : 0) + (isObj(o["stringData"]) ? Object.keys(o["stringData"]).length : 0), age(o, now)],
  },
  "/serviceaccounts": { columns: [col("Name"), col("Secrets", "integer"), col("Age")], cells: (o, now) => [name(o), list(o["secrets"]).length, age(o, now)] },
  "/events": {
    columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Subobject", "string", 1), col("Source", "string", 1), col("Message"), col("First Seen", "string", 1), col("Count", "string", 1), col("Name", "string", 1)],
    cells: eventCells,
  },
  "apps/deployments": {
    columns: [col("Name"), col("Ready"), col("Up-to-date", "integer"), col("Available", "integer"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    cells: (o, now) => [name(o), `${num(at(o, "status.readyReplicas"))}/${num(at(o, "spec.replicas"))}`, num(at(o, "status.updatedReplicas")), num(at(o, "status.availableReplicas")), age(o, now), ...withWorkload(o)],
  },
  "apps/replicasets": {
    columns: [col("Name"), col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    cells: (o, now) => [name(o), num(at(o, "spec.replicas")), num(at(o, "status.replicas")), num(at(o, "status.readyReplicas")), age(o, now), ...withWorkload(o)],
  },
  "apps/daemonsets": {
    columns: [col("Name"), col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), col("Up-to-date", "integer"), col("Available", "integer"), col("Node Selector"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    cells: (o, now) => [
      name(o),
      num(at(o, "status.desiredNumberScheduled")),
      num(at(o, "status.currentNumberScheduled")),
      num(at(o, "status.numberReady")),
      num(at(o, "status.updatedNumberScheduled")),
      num(at(o, "status.numberAvailable")),
      mapText(at(o, "spec.template.spec.nodeSelector")),
      age(o, now),
      ...withWorkload(o),
    ],
  },
  "apps/statefulsets": {
    columns: [col("Name"), col("Ready"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1)],
    cells: (o, now) => [name(o), `${num(at(o, "status.readyReplicas"))}/${num(at(o, "spec.replicas"))}`, age(o, now), ...containersAndImages(o)],
  },
  "batch/jobs": {
    columns: [col("Name"), col("Status"), col("Completions"), col("Duration"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    cells: (o, now) => {
      const completions = at(o, "spec.completions");
      const parallelism = at(o, "spec.parallelism");
      const succeeded = num(at(o, "status.succeeded"));
      const text = typeof completions === "number" ? `${succeeded}/${completions}` : typeof parallelism === "number" && parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
      return [name(o), jobStatus(o), text, jobDuration(o, now), age(o, now), ...withWorkload(o)];
    },
  },
  "batch/cronjobs": {
    columns: [col("Name"), col("Schedule"), col("Timezone"), col("Suspend", "boolean"), col("Active", "integer"), col("Last Schedule"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    cells: (o, now) => {
      const [containers, images] = containersAndImages(o);
      const last = at(o, "status.lastScheduleTime");
      return [name(o), String(at(o, "spec.schedule") ?? ""), orNone(at(o, "spec.timeZone")), at(o, "spec.suspend") === true ? "True" : "False", list(at(o, "status.active")).length, typeof last === "string" ? since(last, now) : "<none>", age(o, now), containers, images, selectorText(at(o, "spec.jobTemplate.spec.selector"))];
    },
  },
  "policy/poddisruptionbudgets": {
    columns: [col("Name"), col("Min Available"), col("Max Unavailable"), col("Allowed Disruptions", "integer"), col("Age")],
    cells: (o, now) => [name(o), intOrNA(at(o, "spec.minAvailable")), intOrNA(at(o, "spec.maxUnavailable")), num(at(o, "status.disruptionsAllowed")), age(o, now)],
  },
  "coordination.k8s.io/leases": { columns: [col("Name"), col("Holder"), col("Age")], cells: (o, now) => [name(o), String(at(o, "spec.holderIdentity") ?? ""), age(o, now)] },
  "rbac.authorization.k8s.io/rolebindings": bindingPrinter(),
  "rbac.authorization.k8s.io/clusterrolebindings": bindingPrinter(),
};

function bindingPrinter(): Printer {
  const subjects = (o: Obj, kind: string) => {
    const names = list(o["subjects"]).filter((s) => s["kind"] === kind).map((s) => (kind === "ServiceAccount" ? `${String(s["namespace"] ?? "")}/${String(s["name"])}` : String(s["name"])));
    return names.length === 0 ? "" : names.join(", ");
  };
  return {
    columns: [col("Name"), col("Role"), col("Age"), col("Users", "string", 1), col("Groups", "string", 1), col("ServiceAccounts", "string", 1)],
    cells: (o, now) => [name(o), `${String(at(o, "roleRef.kind") ?? "")}/${String(at(o, "roleRef.name") ?? "")}`, age(o, now), subjects(o, "User"), subjects(o, "Group"), subjects(o, "ServiceAccount")],
  };
}

// The apiserver's default table for kinds without a printer (CRDs, roles, custom resources).
const DEFAULT: Printer = { columns: [col("Name"), { name: "Created At", type: "date" }], cells: (o) => [name(o), String(meta(o)["creationTimestamp"] ?? "")] };

export type IncludeObject = "None" | "Metadata" | "Object";

/** A Table of `objects` of the resource `type` ("/pods"); rows carry PartialObjectMetadata by default. */
export function toTable(type: string, objects: readonly Obj[], now: number, opts: { resourceVersion: string; include?: IncludeObject; continue?: string; remainingItemCount?: number }): Obj {
  const printer = PRINTERS[type] ?? DEFAULT;
  const include = opts.include ?? "Metadata";
  const rows = new Array<Obj>(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    const row: Obj = { cells: printer.cells(o, now) };
    if (include === "Metadata") row["object"] = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o["metadata"] };
    else if (include === "Object") row["object"] = o;
    rows[i] = row;
  }
  const metadata: Obj = { resourceVersion: opts.resourceVersion };
  if (opts.continue) metadata["continue"] = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata["remainingItemCount"] = opts.remainingItemCount;
  return { kind: "Table", apiVersion: "meta.k8s.io/v1", metadata, columnDefinitions: printer.columns, rows };
}
