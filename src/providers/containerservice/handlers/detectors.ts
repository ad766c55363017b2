// GET {cluster}/detectors and {cluster}/detectors/{detectorName}: Diagnose and solve problems.
// The detectors come from every provider through the list (ProviderDeps.detectors); each category
// they file under also has its overview detector (aks-category-...), as AKS's categories do.
// startTime and endTime (ISO 8601) bound what is judged, as AppLens's detector API takes them
// (Azure/aks-mcp passes both); the default is the 24 hours up to now, as the portal asks.
import type { Reply, RequestContext } from "../../../arm/http.js";
import { DETECTOR_CATEGORIES, type Detector, type DetectorCategory, type DetectorKube } from "../../detector.js";
import type { ProviderDeps } from "../../provider.js";
import { detectorInput } from "../detector-input.js";
import { apiServerFqdn } from "../domain/kube-nodes.js";
import type { ClusterRecord } from "../domain/records.js";
import { aksKubernetes } from "../kubernetes.js";
import { renderCategory, renderDetector, renderListed, renderListedCategory } from "../wire/detectors.js";
import { clusterPath, requireCluster } from "./lookups.js";
import { aksError } from "./wire-errors.js";

const DAY = 24 * 3600_000;
// An ISO 8601 date, or date and time; a time without a zone is UTC (AppLens's times are UTC).
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function timeParam(ctx: RequestContext, name: "startTime" | "endTime"): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null) return undefined;
  const text = raw.trim();
  const zoned = /T|\s/i.test(text) && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text.replace(" ", "T")}Z` : text.replace(" ", "T");
  const t = ISO.test(text) ? Date.parse(zoned) : NaN;
  // No real AppLens text for a bad time was found; AKS's InvalidParameter form, naming the parameter.
  if (!Number.isFinite(t)) throw aksError("invalidParameter", { message: `The value of parameter ${name} is invalid: '${raw}'. Give an ISO 8601 UTC time, such as 2026-03-01T10:00:00Z.`, target: name });
  return t;
}

/** The time range a detector judges: startTime and endTime, either defaulting to 24 hours from the other (the end at most now). */
export function detectorWindow(ctx: RequestContext): { start: number; end: number } {
  const start = timeParam(ctx, "startTime");
  const end = timeParam(ctx, "endTime") ?? (start !== undefined ? Math.min(start + DAY, ctx.now) : ctx.now);
  const from = start ?? end - DAY;
  if (end <= from) throw aksError("invalidParameter", { message: `The value of parameter endTime is invalid: it must be after startTime (${new Date(from).toISOString()}).`, target: "endTime" });
  return { start: from, end };
}

export function detectorHandlers(deps: ProviderDeps) {
  const detectors = [...deps.detectors].sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id));
  // Categories in the order of their first detector.
  const categories = [...new Set(detectors.map((d) => d.category))];
  const inCategory = (c: DetectorCategory) => detectors.filter((d) => d.category === c);

  const locate = (ctx: RequestContext) => {
    const path = clusterPath(ctx);
    const cluster = requireCluster(deps.store, path);
    return { path, cluster, home: { clusterId: cluster.id, location: cluster.location } };
  };

  // The cluster's Kubernetes API, read as the emulator itself (cluster-admin), for detectors that judge inside it.
  const clusters = deps.kube ? aksKubernetes(deps) : undefined;
  const kubeView = (cluster: ClusterRecord): { kubernetes?: DetectorKube } => {
    const facts = clusters?.find(apiServerFqdn(cluster));
    if (!deps.kube || !facts || !facts.reachable) return {};
    const kube = deps.kube;
    return {
      kubernetes: {
        list(path) {
          try {
            const reply = kube.serve(facts, { method: "GET", path, query: new URLSearchParams(), accept: "application/json", contentType: "", body: "", userAgent: "aks-diagnostics" });
            const items = (reply.body as { items?: unknown } | undefined)?.items;
            return reply.status === 200 && Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
          } catch {
            return [];
          }
        },
      },
    };
  };

  const list = (ctx: RequestContext): Reply => {
    const { home } = locate(ctx);
    return { status: 200, body: { value: [...categories.map((c) => renderListedCategory(home, c)), ...detectors.map((d) => renderListed(home, d))] } };
  };

  const get = (ctx: RequestContext): Reply => {
    const { path, cluster, home } = locate(ctx);
    const name = ctx.params["detectorName"]!.toLowerCase();
    const category = categories.find((c) => DETECTOR_CATEGORIES[c].overview === name);
    if (category) return { status: 200, body: renderCategory(home, category, inCategory(category)) };
    const detector: Detector | undefined = detectors.find((d) => d.id.toLowerCase() === name);
    // No real answer for an unknown detector was found; AKS's NotFound, naming it.
    if (!detector) throw aksError("childNotFound", { what: `Detector '${ctx.params["detectorName"]}' was not found for managed cluster '${cluster.name}'. GET .../detectors lists them.` });
    const window = detectorWindow(ctx);
    const sub = deps.subscriptions().find((s) => s.id.toLowerCase() === cluster.subscriptionId.toLowerCase());
    const input = { ...detectorInput(deps.store, path.key, cluster, { subscription: { id: cluster.subscriptionId, state: sub?.state ?? "Enabled" }, window, now: ctx.now }), ...kubeView(cluster) };
    return { status: 200, body: renderDetector(home, detector, detector.evaluate(input)) };
  };

  return { list, get };
}
