// pods/log: what a simulated container has written, synthesized and consistent. The lines are a
// function of the pod, the container, its start (and end) time and the virtual now: a start-up
// banner, then a line every 30 s of virtual time, so a later read shows the same lines and more.
// Honors container, timestamps, tailLines, sinceSeconds, sinceTime, limitBytes and previous with
// the kubelet's refusals; follow returns what is there (the stream ends at once).
import { fnv32a } from "./hash.js";
import { at, isObj, meta, nameOf, type Obj } from "./objects.js";
import { badRequest } from "./status.js";

const PERIOD_MS = 30_000;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as unknown[]).filter(isObj) : []);
const rfc3339Nano = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

/** The banner a container prints as it starts, by what its image looks like. */
function banner(image: string, container: string): string[] {
  if (/coredns/.test(image)) return [".:53", "[INFO] plugin/reload: Running configuration SHA512 = 9c8b6f0d2e1a", "CoreDNS-1.11.3", "linux/amd64, go1.22.7, "];
  if (/nginx/.test(image)) return ["/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration", "/docker-entrypoint.sh: Configuration complete; ready for start up", "nginx: [notice] start worker processes"];
  if (/busybox|alpine|ubuntu|debian/.test(image)) return [`${container}: started`];
  return [`Starting ${container} (${image})`, `${container} is ready`];
}

function line(image: string, container: string, pod: string, i: number, t: number): string {
  const h = fnv32a(`${pod}/${container}/${i}`);
  if (/coredns/.test(image)) return `[INFO] 10.244.${h % 250}.${(h >> 8) % 250}:${30000 + (h % 30000)} - ${h % 65536} "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd 106 0.000${(h % 900) + 100}s`;
  if (/nginx/.test(image)) return `10.244.${h % 250}.${(h >> 8) % 250} - - [${new Date(t).toUTCString()}] "GET / HTTP/1.1" 200 615 "-" "kube-probe/1.31" "-"`;
  return `${container}: heartbeat ${i} (uptime ${Math.round((i * PERIOD_MS) / 1000)}s)`;
}

/** The log of one container of `pod` as the kubelet would serve it for `query` at `now`. */
export function podLog(pod: Obj, query: URLSearchParams, now: number): string {
  const podName = nameOf(pod);
  const containers = list(at(pod, "spec.containers"));
  const names = containers.map((c) => String(c["name"]));
  let name = query.get("container") ?? undefined;
  if (name === undefined) {
    if (names.length !== 1) throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(" ")}]`);
    name = names[0]!;
  }
  const spec = containers.find((c) => c["name"] === name) ?? list(at(pod, "spec.initContainers")).find((c) => c["name"] === name);
  if (!spec) throw badRequest(`container ${name} is not valid for pod ${podName}`);
  if (query.get("previous") === "true") throw badRequest(`previous terminated container "${name}" in pod "${podName}" not found`);
  const status = [...list(at(pod, "status.containerStatuses")), ...list(at(pod, "status.initContainerStatuses"))].find((s) => s["name"] === name);
  const running = status ? at(status, "state.running") : undefined;
  const terminated = status ? at(status, "state.terminated") : undefined;
  const startedText = isObj(running) ? running["startedAt"] : isObj(terminated) ? terminated["startedAt"] : undefined;
  if (startedText === undefined) {
    const reason = status ? String(at(status, "state.waiting.reason") ?? "ContainerCreating") : "ContainerCreating";
    throw badRequest(`container "${name}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  const image = String(spec["image"] ?? "");
  const start = Date.parse(String(startedText));
  const end = isObj(terminated) ? Date.parse(String(terminated["finishedAt"])) : now;
  const seed = `${String(meta(pod)["uid"])}/${podName}`;
  const entries: { t: number; text: string }[] = banner(image, name).map((text) => ({ t: start, text }));
  const count = Math.max(0, Math.floor((end - start) / PERIOD_MS));
  const tail = query.get("tailLines");
  const tailN = tail !== null && /^\d+$/.test(tail) ? Number(tail) : undefined;
  // Only the periodic lines a tail can reach are produced.
  const first = tailN !== undefined ? Math.max(1, count - tailN + 1) : 1;
  for (let i = first; i <= count; i++) entries.push({ t: start + i * PERIOD_MS, text: line(image, name, seed, i, start + i * PERIOD_MS) });
  let since = Number.NEGATIVE_INFINITY;
  const sinceSeconds = query.get("sinceSeconds");
  if (sinceSeconds !== null && /^\d+$/.test(sinceSeconds)) since = now - Number(sinceSeconds) * 1000;
  const sinceTime = query.get("sinceTime");
  if (sinceTime !== null && Number.isFinite(Date.parse(sinceTime))) since = Date.parse(sinceTime);
  let shown = entries.filter((e) => e.t >= since);
  if (tailN !== undefined) shown = tailN === 0 ? [] : shown.slice(-tailN);
  const stamps = query.get("timestamps") === "true";
  let text = shown.map((e) => `${stamps ? `${rfc3339Nano(e.t)} ` : ""}${e.text}\n`).join("");
  const limit = query.get("limitBytes");
  if (limit !== null && /^\d+$/.test(limit)) text = Buffer.from(text, "utf8").subarray(0, Number(limit)).toString("utf8");
  return text;
}
