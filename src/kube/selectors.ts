// Label and field selectors as the apiserver parses and matches them (k8s.io/apimachinery/pkg/labels
// and /fields), pure. A selector is parsed once per request into a predicate.
import { at, isObj, meta, type Obj } from "./objects.js";
import { badRequest } from "./status.js";

type LabelRequirement =
  | { key: string; op: "exists" | "!" }
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: Set<string> }
  | { key: string; op: "gt" | "lt"; value: number };

export type LabelSelector = (labels: Record<string, string>) => boolean;

const EXPECTED_OP = "in, notin, =, ==, !=, gt, lt";

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|,|!=|==|=|!|[^\s(),!=]+)/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < text.length && (m = re.exec(text))) tokens.push(m[1]!);
  return tokens;
}

/** Parses `app=web,tier!=db,env in (a,b),!legacy`; a malformed one is the apiserver's 400. */
export function parseLabelSelector(text: string): LabelSelector {
  const tokens = tokenize(text);
  const reqs: LabelRequirement[] = [];
  let i = 0;
  const fail = (detail: string) => badRequest(`unable to parse requirement: ${detail}`);
  while (i < tokens.length) {
    let t = tokens[i++]!;
    if (t === "!") {
      const key = tokens[i++];
      if (key === undefined || /^[(),!=]/.test(key)) throw fail(`found '${key ?? ""}', expected: identifier`);
      reqs.push({ key, op: "!" });
    } else {
      if (/^[(),=]/.test(t)) throw fail(`found '${t}', expected: !, identifier, or 'end of string'`);
      const key = t;
      const op = tokens[i];
      if (op === undefined || op === ",") reqs.push({ key, op: "exists" });
      else {
        i++;
        if (op === "=" || op === "==" || op === "!=") {
          const next = tokens[i];
          const value = next === undefined || next === "," ? "" : (i++, next);
          if (/^[()!=]/.test(value)) throw fail(`found '${value}', expected: identifier`);
          reqs.push({ key, op: op === "!=" ? "!=" : "=", value });
        } else if (op === "in" || op === "notin") {
          if (tokens[i++] !== "(") throw fail(`found '${tokens[i - 1] ?? ""}', expected: '('`);
          const values = new Set<string>();
          for (;;) {
            t = tokens[i++] ?? "";
            if (t === ")") break;
            if (t === ",") continue;
            if (t === "" || /^[(!=]/.test(t)) throw fail(`found '${t}', expected: ',', ')' or identifier`);
            values.add(t);
          }
          reqs.push({ key, op, values });
        } else if (op === "gt" || op === "lt") {
          const value = Number(tokens[i++]);
          if (!Number.isInteger(value)) throw fail(`for 'gt', 'lt' operators, exactly one value is required`);
          reqs.push({ key, op, value });
        } else throw fail(`found '${op}', expected: ${EXPECTED_OP}`);
      }
    }
    const sep = tokens[i];
    if (sep !== undefined) {
      if (sep !== ",") throw fail(`found '${sep}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return (labels) =>
    reqs.every((r) => {
      const v = Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
      switch (r.op) {
        case "exists":
          return v !== undefined;
        case "!":
          return v === undefined;
        case "=":
          return v === r.value;
        case "!=":
          return v !== r.value;
        case "in":
          return v !== undefined && r.values.has(v);
        case "notin":
          return v === undefined || !r.values.has(v);
        case "gt":
          return v !== undefined && Number(v) > r.value;
        case "lt":
          return v !== undefined && Number(v) < r.value;
      }
    });
}

/** A LabelSelector object (matchLabels, matchExpressions), as deployments and PDBs carry it. */
export function selectorFromObject(sel: unknown): LabelSelector | undefined {
  if (!isObj(sel)) return undefined;
  const parts: string[] = [];
  if (isObj(sel["matchLabels"])) for (const [k, v] of Object.entries(sel["matchLabels"])) parts.push(`${k}=${String(v)}`);
  const exprs = Array.isArray(sel["matchExpressions"]) ? (sel["matchExpressions"] as Obj[]) : [];
  for (const e of exprs) {
    const values = Array.isArray(e["values"]) ? (e["values"] as string[]) : [];
    switch (e["operator"]) {
      case "In":
        parts.push(`${String(e["key"])} in (${values.join(",")})`);
        break;
      case "NotIn":
        parts.push(`${String(e["key"])} notin (${values.join(",")})`);
        break;
      case "Exists":
        parts.push(String(e["key"]));
        break;
      case "DoesNotExist":
        parts.push(`!${String(e["key"])}`);
        break;
    }
  }
  return parseLabelSelector(parts.join(","));
}

// ---- Field selectors: metadata.name and metadata.namespace everywhere, and each kind's own fields.

type FieldGetter = (o: Obj) => string | undefined;

const str = (path: string): FieldGetter => (o) => {
  const v = at(o, path);
  return v === undefined || v === null ? "" : String(v);
};

const FIELDS: Record<string, Record<string, FieldGetter>> = {
  "/pods": {
    "spec.nodeName": str("spec.nodeName"),
    "spec.restartPolicy": str("spec.restartPolicy"),
    "spec.schedulerName": str("spec.schedulerName"),
    "spec.serviceAccountName": str("spec.serviceAccountName"),
    "spec.hostNetwork": (o) => String(at(o, "spec.hostNetwork") === true),
    "status.phase": str("status.phase"),
    "status.podIP": str("status.podIP"),
    "status.nominatedNodeName": str("status.nominatedNodeName"),
  },
  "/events": {
    "involvedObject.kind": str("involvedObject.kind"),
    "involvedObject.namespace": str("involvedObject.namespace"),
    "involvedObject.name": str("involvedObject.name"),
    "involvedObject.uid": str("involvedObject.uid"),
    "involvedObject.apiVersion": str("involvedObject.apiVersion"),
    "involvedObject.resourceVersion": str("involvedObject.resourceVersion"),
    "involvedObject.fieldPath": str("involvedObject.fieldPath"),
    reason: str("reason"),
    reportingComponent: str("reportingComponent"),
    source: str("source.component"),
    type: str("type"),
  },
  "/nodes": { "spec.unschedulable": (o) => String(at(o, "spec.unschedulable") === true) },
  "/namespaces": { "status.phase": str("status.phase") },
  "/secrets": { type: str("type") },
  "/replicationcontrollers": { "status.replicas": str("status.replicas") },
  "apps/replicasets": { "status.replicas": str("status.replicas") },
  "batch/jobs": { "status.successful": str("status.successful") },
};

export type FieldSelector = (o: Obj) => boolean;

/** Parses `spec.nodeName=n1,status.phase!=Failed` for the resource `type` ("/pods"). */
export function parseFieldSelector(text: string, type: string, custom = false): FieldSelector {
  const own = FIELDS[type] ?? {};
  const terms: { get: FieldGetter; negate: boolean; value: string }[] = [];
  for (const term of splitUnescaped(text)) {
    if (term.trim() === "") continue;
    const m = /^([^=!]+)(==|=|!=)(.*)$/s.exec(term);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1]!.trim();
    const get: FieldGetter | undefined = field === "metadata.name" ? (o) => String(meta(o)["name"] ?? "") : field === "metadata.namespace" ? (o) => String(meta(o)["namespace"] ?? "") : own[field];
    if (!get) throw badRequest(custom ? `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"` : `field label not supported: ${field}`);
    terms.push({ get, negate: m[2] === "!=", value: unescape(m[3]!) });
  }
  return (o) => terms.every((t) => (t.get(o) === t.value) !== t.negate);
}

function splitUnescaped(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      cur += c + text[++i]!;
    } else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const unescape = (v: string) => v.replace(/\\(.)/g, "$1");

