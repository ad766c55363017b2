// What a pool puts on its nodes: Kubernetes labels and taints (their syntax, and the prefix AKS keeps
// for itself), and the pool's ARM tags.
import { isObject } from "../../../arm/json.js";
import { checkTags, type TagRefusal } from "../../../arm/tags.js";
import { refuse, type AksRefusal } from "../errors.js";
import type { Json } from "./records.js";
import { shown, text } from "./compare.js";

// Kubernetes' syntax (apimachinery's IsQualifiedName and IsValidLabelValue): a name of at most 63
// characters, alphanumeric at both ends with '-', '_' and '.' between, after an optional DNS
// subdomain prefix of at most 253 characters and a '/'; a value of at most 63 such characters or "".
const K8S_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const K8S_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isQualifiedName(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && (parts[0]!.length > 253 || !DNS_SUBDOMAIN.test(parts[0]!))) return false;
  return name.length <= 63 && K8S_NAME.test(name);
}

export const isLabelValue = (value: string): boolean => value.length <= 63 && K8S_VALUE.test(value);

/** The prefix AKS keeps for its own node labels (kubernetes.azure.com/mode, /agentpool, ...). */
const RESERVED_LABEL_PREFIX = "kubernetes.azure.com";
// Kubernetes' namespaces, and the two in them a kubelet may set on its own node (--node-labels,
// which is how AKS applies pool labels): the same rule as kubelet's, subdomains included.
const K8S_NAMESPACES = ["kubernetes.io", "k8s.io"];
const KUBELET_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];
const within = (prefix: string, namespaces: readonly string[]) => namespaces.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`));
// AKS puts this label on a Spot pool's nodes (AKS docs, "Add an Azure Spot node pool"); it is let
// through on Spot pools so a client that re-sends it is not refused (an assumption: no sample).
const SPOT_LABEL = "kubernetes.azure.com/scalesetpriority";

/**
 * The labels a request names that are new or changed (a label re-sent as stored is not judged
 * again): AKS's reserved prefix, then Kubernetes' namespaces, then Kubernetes' syntax.
 */
export function validateNodeLabels(given: unknown, stored: unknown, spec: Json): AksRefusal | undefined {
  if (!isObject(given)) return undefined;
  const before = isObject(stored) ? stored : {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined || before[key] === value) continue;
    const v = String(value ?? "");
    const prefix = key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
    const spot = key === SPOT_LABEL && v === "spot" && text("Regular")(spec["scaleSetPriority"], "Spot");
    if (prefix.toLowerCase() === RESERVED_LABEL_PREFIX && !spot) return refuse("nodeLabelReserved", { key: shown(key) });
    if (within(prefix, K8S_NAMESPACES) && !within(prefix, KUBELET_NAMESPACES)) return refuse("nodeLabelKubernetesNamespace", { target: `${shown(key)}=${shown(v)}` });
    if (!isQualifiedName(key) || !isLabelValue(v)) return refuse("nodeLabelSyntax", { key: shown(key), value: shown(v) });
  }
  return undefined;
}

/**
 * A null label value is the empty value: AKS's Go model reads JSON null in a string map as "" (an
 * assumption: no real sample of a null label was found), so it is stored and echoed as "".
 */
export function withEmptyNullLabels(labels: unknown): unknown {
  if (!isObject(labels) || !Object.values(labels).includes(null)) return labels;
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v ?? ""]));
}

const TAINT_EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** `key=value:Effect` or `key:Effect`, Kubernetes' key and value syntax, one of its three effects. */
export function isValidTaint(taint: string): boolean {
  const parts = taint.split(":");
  if (parts.length !== 2 || !TAINT_EFFECTS.includes(parts[1]!)) return false;
  const kv = parts[0]!.split("=");
  if (kv.length > 2) return false;
  return isQualifiedName(kv[0]!) && isLabelValue(kv[1] ?? "");
}

/**
 * The taints a request names that were not already on the pool, each `isValidTaint`; then the
 * whole list, unique by key and effect (Kubernetes refuses a node with two such taints, and its
 * nodes would never join: Azure/AKS#1412).
 */
export function validateNodeTaints(given: unknown, stored: unknown): AksRefusal | undefined {
  if (!Array.isArray(given)) return undefined;
  const before = new Set(Array.isArray(stored) ? stored.map(String) : []);
  const target = "agentPoolProfile.nodeTaints";
  for (const t of given) {
    const taint = String(t);
    if (!before.has(taint) && !isValidTaint(taint)) return refuse("invalidNodeTaint", { taint: shown(taint), target });
  }
  const seen = new Set<string>();
  for (const t of given) {
    const taint = String(t);
    const keyAndEffect = `${taint.split(":")[0]!.split("=")[0]}:${taint.split(":")[1]}`;
    if (seen.has(keyAndEffect)) return refuse("duplicateNodeTaint", { taint: shown(taint), target });
    seen.add(keyAndEffect);
  }
  return undefined;
}

/**
 * A pool's own `tags` (properties.tags): ARM's limits and texts for tracked resources' tags
 * (arm/tags.ts), a null or other non-string value included. ARM's front door does not look inside
 * properties, and no real AKS sample of a refused pool tag was found: ARM's texts are mirrored.
 */
export function checkPoolTags(properties: unknown): TagRefusal | undefined {
  const tags = isObject(properties) ? properties["tags"] : undefined;
  return isObject(tags) ? checkTags(tags) : undefined;
}

