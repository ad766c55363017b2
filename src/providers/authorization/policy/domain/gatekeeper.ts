// Azure Policy for Kubernetes, as the add-on's gatekeeper enforces it inside a cluster: each
// assignment of a `Microsoft.Kubernetes.Data` definition whose scope covers the cluster (and is not
// excluded: notScopes, DoNotEnforce, an exemption at or above the cluster) becomes a constraint of
// its template; a pod that violates a `deny` constraint is refused at admission with gatekeeper's
// text `[denied by <constraint>] <message>`. The templates aksemu knows are those of the built-ins
// in shared/ (allowed images, no privileged containers); another template denies nothing.
// Pure: no clock, no store; the caller hands in the state, the cluster's view and the pod.
import type { PolicyView } from "../../../provider.js";
import { isUnder, parameterValues } from "./enforce.js";
import { evaluateRule } from "./evaluate.js";
import type { Json, PolicyAssignment, PolicyDefinition, PolicyState } from "./records.js";
import { compile, evaluate, type TemplateScope } from "./template.js";

export type KubeObjectUnderReview = { group: string; kind: string; namespace: string | undefined; object: Json };

export type GatekeeperViolation = { constraint: string; message: string; assignment: PolicyAssignment };

/** Namespaces the add-on never evaluates ("always excluded by design", the built-ins' parameter text). */
export const ALWAYS_EXCLUDED = ["kube-system", "gatekeeper-system", "azure-arc"];

type Template = { kind: string; check: (container: Json, values: Json) => string | undefined };

// Messages as the templates' rego words them (store.policy.core.windows.net/kubernetes/...).
const TEMPLATES: Record<string, Template> = {
  "container-allowed-images": {
    kind: "K8sAzureV2ContainerAllowedImages",
    check: (c, v) => {
      const regex = typeof v["imageRegex"] === "string" ? v["imageRegex"] : undefined;
      if (regex === undefined) return undefined;
      let re: RegExp;
      try {
        re = new RegExp(regex);
      } catch {
        return undefined;
      }
      return re.test(String(c["image"] ?? "")) ? undefined : `Container image ${String(c["image"])} for container ${String(c["name"])} has not been allowed.`;
    },
  },
  "container-no-privilege": {
    kind: "K8sAzureV2NoPrivilege",
    check: (c, v) => {
      const sc = isJson(c["securityContext"]) ? c["securityContext"] : undefined;
      if (sc?.["privileged"] !== true) return undefined;
      if (Array.isArray(v["excludedImages"]) && v["excludedImages"].includes(c["image"])) return undefined;
      return `Privileged container is not allowed: ${String(c["name"])}, securityContext: ${JSON.stringify(sc)}`;
    },
  },
};

const isJson = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The template a definition's details name (templateInfo.url or constraintTemplate), by its path segment. */
export function templateOf(details: Json): string | undefined {
  const info = isJson(details["templateInfo"]) ? details["templateInfo"]["url"] : undefined;
  const url = typeof info === "string" ? info : typeof details["constraintTemplate"] === "string" ? details["constraintTemplate"] : "";
  const m = /\/kubernetes\/([^/]+)\/v\d+\//.exec(url);
  return m && TEMPLATES[m[1]!] ? m[1] : undefined;
}

/** A short, stable hex digest (FNV-1a, two seeds), for constraint names: gatekeeper's are kind + 20 hex. */
function digest(text: string): string {
  let out = "";
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 20);
}

/** The constraint the add-on creates for an assignment: `azurepolicy-<template kind, lower-cased>-<20 hex>`. */
export const constraintName = (template: string, assignmentId: string) => `azurepolicy-${TEMPLATES[template]!.kind.toLowerCase()}-${digest(assignmentId.toLowerCase())}`;

function labelsMatch(selector: unknown, labels: Record<string, string>): boolean {
  if (!isJson(selector)) return true;
  if (isJson(selector["matchLabels"]) && Object.entries(selector["matchLabels"]).some(([k, v]) => labels[k] !== v)) return false;
  for (const e of Array.isArray(selector["matchExpressions"]) ? selector["matchExpressions"].filter(isJson) : []) {
    const has = Object.hasOwn(labels, String(e["key"]));
    const value = labels[String(e["key"])];
    const values = strings(e["values"]);
    const ok = e["operator"] === "In" ? has && values.includes(value!) : e["operator"] === "NotIn" ? !has || !values.includes(value!) : e["operator"] === "Exists" ? has : e["operator"] === "DoesNotExist" ? !has : true;
    if (!ok) return false;
  }
  return true;
}

/** The definition's `then.details` with the assignment's parameter values in place of its expressions. */
function resolveDetails(details: unknown, parameters: Record<string, unknown>, subscriptionId: string): unknown {
  const scope: TemplateScope = {
    parameter: (name) => parameters[Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name],
    field: () => undefined,
    current: () => undefined,
    subscription: { subscriptionId, id: `/subscriptions/${subscriptionId}` },
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string" && v.startsWith("[") && !v.startsWith("[[") && v.endsWith("]")) return evaluate(compile(v), scope);
    if (Array.isArray(v)) return v.map(walk);
    if (isJson(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(details);
}

const isExempt = (state: PolicyState, assignment: PolicyAssignment, clusterId: string, now: number) =>
  Object.values(state.exemptions).some((e) => e.properties.policyAssignmentId.toLowerCase() === assignment.id.toLowerCase() && isUnder(clusterId, e.scope) && (e.properties.expiresOn === undefined || Date.parse(e.properties.expiresOn) > now));

/**
 * The deny constraints `review` violates in the cluster `cluster` (its policy view: type
 * Microsoft.ContainerService/managedClusters), in assignment order; empty when it may be written.
 */
export function gatekeeperViolations(input: { state: PolicyState; cluster: PolicyView; review: KubeObjectUnderReview; now: number; definition: (id: string) => PolicyDefinition | undefined }): GatekeeperViolation[] {
  const { state, cluster, review, now } = input;
  if (review.group !== "" || review.kind !== "Pod") return [];
  const out: GatekeeperViolation[] = [];
  const pod = review.object;
  const podMeta = isJson(pod["metadata"]) ? pod["metadata"] : {};
  const labels = (isJson(podMeta["labels"]) ? podMeta["labels"] : {}) as Record<string, string>;
  const spec = isJson(pod["spec"]) ? pod["spec"] : {};
  const containers = ["initContainers", "containers", "ephemeralContainers"].flatMap((k) => (Array.isArray(spec[k]) ? spec[k].filter(isJson) : []));
  const ns = review.namespace ?? "";
  for (const assignment of Object.values(state.assignments)) {
    const p = assignment.properties;
    if (p.enforcementMode !== "Default") continue;
    if (!isUnder(cluster.id, p.scope) || p.notScopes.some((n) => isUnder(cluster.id, n))) continue;
    if (isExempt(state, assignment, cluster.id, now)) continue;
    const definition = input.definition(p.policyDefinitionId);
    if (!definition || definition.properties.mode.toLowerCase() !== "microsoft.kubernetes.data") continue;
    const parameters = parameterValues(definition, assignment);
    const outcome = evaluateRule(definition.properties.policyRule, { view: cluster, parameters, subscriptionId: state.subscriptionId });
    if ("error" in outcome || !outcome.matched || outcome.effect?.toLowerCase() !== "deny") continue;
    let details: unknown;
    try {
      details = resolveDetails(definition.properties.policyRule.then["details"], parameters, state.subscriptionId);
    } catch {
      continue;
    }
    if (!isJson(details)) continue;
    const template = templateOf(details);
    if (!template) continue;
    const excluded = [...ALWAYS_EXCLUDED, ...strings(details["excludedNamespaces"])];
    const only = strings(details["namespaces"]);
    if (excluded.includes(ns) || (only.length > 0 && !only.includes(ns))) continue;
    if (!labelsMatch(details["labelSelector"], labels)) continue;
    const values = isJson(details["values"]) ? details["values"] : {};
    const skip = strings(values["excludedContainers"]);
    const name = constraintName(template, assignment.id);
    for (const c of containers) {
      if (skip.includes(String(c["name"]))) continue;
      const message = TEMPLATES[template]!.check(c, values);
      if (message) out.push({ constraint: name, message, assignment });
    }
  }
  return out;
}

/** Gatekeeper's denial text: one `[denied by <constraint>] <message>` line per violation. */
export const gatekeeperMessage = (violations: readonly GatekeeperViolation[]) => violations.map((v) => `[denied by ${v.constraint}] ${v.message}`).join("\n");
