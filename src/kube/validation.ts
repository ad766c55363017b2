// What the apiserver refuses as 422 Invalid, as field causes with its wording (k8s.io/apimachinery
// validation and the core kinds' ValidateX functions), for the checks users meet most: names,
// labels, required containers and images, selectors that match templates, service ports, config keys.
import { at, isObj, meta, type Obj } from "./objects.js";
import type { ResourceDef } from "./registry.js";
import { selectorFromObject } from "./selectors.js";
import type { StatusCause } from "./status.js";

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const SUBDOMAIN_TEXT = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_TEXT = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_TEXT = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_TEXT = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_TEXT = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const CONFIG_KEY_TEXT = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

const quote = (v: unknown) => JSON.stringify(v);
const invalidCause = (field: string, value: unknown, text: string): StatusCause => ({ reason: "FieldValueInvalid", message: `Invalid value: ${typeof value === "string" ? quote(value) : goValue(value)}: ${text}`, field });
const required = (field: string, text?: string): StatusCause => ({ reason: "FieldValueRequired", message: text ? `Required value: ${text}` : "Required value", field });
const unsupported = (field: string, value: string, supported: readonly string[]): StatusCause => ({ reason: "FieldValueNotSupported", message: `Unsupported value: ${quote(value)}: supported values: ${supported.map(quote).join(", ")}`, field });

/** Go's %#v of a map[string]string or a number, as messages print them. */
function goValue(v: unknown): string {
  if (isObj(v)) return `map[string]string{${Object.entries(v).map(([k, x]) => `${quote(k)}:${quote(String(x))}`).join(", ")}}`;
  return String(v);
}

/** Which name rule a resource's names follow. */
function nameRule(def: ResourceDef): "subdomain" | "label" | "dns1035" | "path" {
  if (def.group === "" && (def.resource === "namespaces")) return "label";
  if (def.group === "" && def.resource === "services") return "dns1035";
  if (def.group === "rbac.authorization.k8s.io" || def.custom) return "path";
  return "subdomain";
}

export function validateName(def: ResourceDef, name: string, field = "metadata.name"): StatusCause[] {
  const rule = nameRule(def);
  if (rule === "path") {
    if (name === "." || name === "..") return [invalidCause(field, name, `may not be '${name}'`)];
    if (/[/%]/.test(name)) return [invalidCause(field, name, `may not contain '${name.includes("/") ? "/" : "%"}'`)];
    return [];
  }
  const max = rule === "subdomain" ? 253 : 63;
  const causes: StatusCause[] = [];
  if (name.length > max) causes.push(invalidCause(field, name, `must be no more than ${max} characters`));
  const ok = rule === "subdomain" ? SUBDOMAIN.test(name) : rule === "label" ? LABEL.test(name) : DNS1035.test(name);
  if (!ok) causes.push(invalidCause(field, name, rule === "subdomain" ? SUBDOMAIN_TEXT : rule === "label" ? LABEL_TEXT : DNS1035_TEXT));
  return causes;
}

function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (!isObj(labels)) return [];
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.lastIndexOf("/");
    const namePart = slash >= 0 ? k.slice(slash + 1) : k;
    const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
    if (!QUALIFIED_NAME.test(namePart) || namePart.length > 63) causes.push(invalidCause(field, k, QUALIFIED_NAME_TEXT));
    else if (prefix !== undefined && (!SUBDOMAIN.test(prefix) || prefix.length > 253)) causes.push(invalidCause(field, k, `prefix part ${SUBDOMAIN_TEXT}`));
    if (typeof v !== "string" || !LABEL_VALUE.test(v) || v.length > 63) causes.push(invalidCause(field, v, v !== null && String(v).length > 63 ? "must be no more than 63 characters" : LABEL_VALUE_TEXT));
  }
  return causes;
}

function validatePodSpec(spec: unknown, field: string, restartPolicies?: readonly string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = isObj(spec) ? spec["containers"] : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(`${field}.containers`));
    return causes;
  }
  containers.forEach((c, i) => {
    const f = `${field}.containers[${i}]`;
    const cname = isObj(c) ? c["name"] : undefined;
    if (typeof cname !== "string" || cname === "") causes.push(required(`${f}.name`));
    else if (!LABEL.test(cname) || cname.length > 63) causes.push(invalidCause(`${f}.name`, cname, LABEL_TEXT));
    if (!isObj(c) || typeof c["image"] !== "string" || c["image"].trim() === "") causes.push(required(`${f}.image`));
  });
  const policy = isObj(spec) ? spec["restartPolicy"] : undefined;
  if (restartPolicies && policy !== undefined && !restartPolicies.includes(String(policy))) causes.push(unsupported(`${field}.restartPolicy`, String(policy), restartPolicies));
  if (restartPolicies && policy === undefined) causes.push(required(`${field}.restartPolicy`, `valid values: ${restartPolicies.map(quote).join(", ")}`));
  return causes;
}

function validateWorkload(o: Obj, kind: string, restartPolicies?: readonly string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  const selector = at(o, "spec.selector");
  const templateLabels = at(o, "spec.template.metadata.labels");
  if (kind !== "Job") {
    if (selector === undefined || selector === null) causes.push(required("spec.selector"));
    else if (!isObj(selector) || (Object.keys((selector["matchLabels"] as Obj | undefined) ?? {}).length === 0 && !Array.isArray(selector["matchExpressions"]))) causes.push(invalidCause("spec.selector", "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}", `empty selector is invalid for ${kind.toLowerCase()}`));
    else {
      const match = selectorFromObject(selector);
      if (match && !match(isObj(templateLabels) ? (templateLabels as Record<string, string>) : {})) causes.push(invalidCause("spec.template.metadata.labels", templateLabels ?? {}, "`selector` does not match template `labels`"));
    }
  }
  const replicas = at(o, "spec.replicas");
  if (typeof replicas === "number" && replicas < 0) causes.push(invalidCause("spec.replicas", replicas, "must be greater than or equal to 0"));
  causes.push(...validateLabels(templateLabels, "spec.template.metadata.labels"));
  causes.push(...validatePodSpec(at(o, "spec.template.spec"), "spec.template.spec", restartPolicies));
  return causes;
}

function validateService(o: Obj): StatusCause[] {
  const type = String(at(o, "spec.type") ?? "ClusterIP");
  const supported = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
  if (!supported.includes(type)) return [unsupported("spec.type", type, supported)];
  const ports = at(o, "spec.ports");
  const headless = at(o, "spec.clusterIP") === "None";
  if (type !== "ExternalName" && !headless && (!Array.isArray(ports) || ports.length === 0)) return [required("spec.ports")];
  const causes: StatusCause[] = [];
  (Array.isArray(ports) ? ports : []).forEach((p, i) => {
    const port = isObj(p) ? p["port"] : undefined;
    if (port === undefined) causes.push(required(`spec.ports[${i}].port`));
    else if (typeof port !== "number" || port < 1 || port > 65535) causes.push(invalidCause(`spec.ports[${i}].port`, port, "must be between 1 and 65535, inclusive"));
  });
  return causes;
}

function validateConfigKeys(o: Obj, fields: readonly string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const f of fields) if (isObj(o[f])) for (const k of Object.keys(o[f])) if (!CONFIG_KEY.test(k) || k.length > 253) causes.push(invalidCause(`${f}[${k}]`, k, CONFIG_KEY_TEXT));
  return causes;
}

/** Every cause the apiserver would give for `o` as a `def` (empty: valid). */
export function validateObject(def: ResourceDef, o: Obj): StatusCause[] {
  const m = meta(o);
  const causes: StatusCause[] = [];
  const name = m["name"];
  if (typeof name !== "string" || name === "") causes.push(required("metadata.name", "name or generateName is required"));
  else causes.push(...validateName(def, name));
  causes.push(...validateLabels(m["labels"], "metadata.labels"));
  const key = `${def.group}/${def.resource}`;
  switch (key) {
    case "/pods":
      causes.push(...validatePodSpec(o["spec"], "spec"));
      break;
    case "apps/deployments":
    case "apps/replicasets":
    case "apps/daemonsets":
    case "apps/statefulsets":
      causes.push(...validateWorkload(o, def.kind));
      break;
    case "batch/jobs":
      causes.push(...validateWorkload(o, "Job", ["OnFailure", "Never"]));
      break;
    case "/services":
      causes.push(...validateService(o));
      break;
    case "/configmaps":
      causes.push(...validateConfigKeys(o, ["data", "binaryData"]));
      break;
    case "/secrets":
      causes.push(...validateConfigKeys(o, ["data", "stringData"]));
      break;
    case "policy/poddisruptionbudgets":
      if (at(o, "spec.minAvailable") !== undefined && at(o, "spec.maxUnavailable") !== undefined) causes.push({ reason: "FieldValueInvalid", message: "Invalid value: policy.PodDisruptionBudgetSpec: minAvailable and maxUnavailable cannot be both set", field: "spec" });
      break;
    case "apiextensions.k8s.io/customresourcedefinitions": {
      const group = at(o, "spec.group");
      const plural = at(o, "spec.names.plural");
      if (typeof group !== "string" || group === "") causes.push(required("spec.group"));
      if (typeof plural !== "string" || plural === "") causes.push(required("spec.names.plural"));
      if (typeof at(o, "spec.names.kind") !== "string") causes.push(required("spec.names.kind"));
      if (typeof group === "string" && typeof plural === "string" && name !== `${plural}.${group}`) causes.push(invalidCause("metadata.name", name, 'must be spec.names.plural+"."+spec.group'));
      const versions = at(o, "spec.versions");
      if (!Array.isArray(versions) || versions.length === 0) causes.push(required("spec.versions", "must have exactly one version marked as storage version"));
      break;
    }
  }
  return causes;
}
