// The policy rule evaluator, pure: `if` (field/value/count conditions joined by allOf, anyOf and
// not) against a resource's view with the assignment's parameter values, then `then.effect`.
// It records each condition it evaluates as ARM's evaluation details print them
// (RequestDisallowedByPolicy's additionalInfo): short-circuited ones are not evaluated.
import type { PolicyView } from "../../../provider.js";
import { member, readField, segments, walk, aliasPath } from "./fields.js";
import { applies, isOperator, OPERATORS, type OperatorKey } from "./operators.js";
import type { Json, PolicyRule } from "./records.js";
import { compile, evaluate, parameterNames, TemplateError, type Expr, type TemplateScope } from "./template.js";

export type EvaluatedExpression = {
  result: "True" | "False";
  expressionKind: "Field" | "Value" | "Count";
  expression: string;
  path?: string;
  expressionValue?: unknown;
  targetValue: unknown;
  operator: string;
};

/** What a rule is evaluated against. */
export type RuleInput = {
  view: PolicyView;
  /** The assignment's parameter values, defaults filled in. */
  parameters: Record<string, unknown>;
  subscriptionId: string;
  resourceGroup?: string;
};

export type RuleOutcome = { matched: boolean; effect?: string; expressions: EvaluatedExpression[] } | { error: string };

/** Inside a count's `where`: the member being counted (field count) or named (value count). */
type Frame = { countField?: string; element?: unknown; names: Map<string, unknown> };

export const EFFECTS = ["deny", "audit", "disabled", "append", "modify", "auditifnotexists", "deployifnotexists", "denyaction", "manual", "mutate"] as const;

const LOGICAL = ["allof", "anyof", "not"];
const SUBJECTS = ["field", "value", "count"];

const lowerKeys = (o: Json): Record<string, [string, unknown]> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), [k, v]]));
const isJson = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function evaluateRule(rule: PolicyRule, input: RuleInput): RuleOutcome {
  const expressions: EvaluatedExpression[] = [];
  const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(input.view.id);
  const baseScope = (frame: Frame): TemplateScope => ({
    parameter: (name) => {
      const key = Object.keys(input.parameters).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key === undefined) throw new TemplateError(`The parameter '${name}' is not defined`);
      return input.parameters[key];
    },
    field: (name) => fieldIn(name, frame).value,
    current: (name) => {
      if (name === undefined) return frame.element;
      const lower = name.toLowerCase();
      if (frame.names.has(lower)) return frame.names.get(lower);
      if (frame.countField !== undefined && lower === frame.countField) return frame.element;
      throw new TemplateError(`current('${name}') outside its count`);
    },
    subscription: { subscriptionId: input.subscriptionId, id: `/subscriptions/${input.subscriptionId}` },
    ...(rg ? { resourceGroup: { name: rg[1]!, id: `/subscriptions/${input.subscriptionId}/resourceGroups/${rg[1]!}` } } : {}),
  });

  /** A field, relative to the counted member when it names the counted array. */
  function fieldIn(name: string, frame: Frame): { value: unknown; path: string; each?: unknown[] } {
    const lower = name.toLowerCase();
    if (frame.countField !== undefined && (lower === frame.countField || lower.startsWith(`${frame.countField}.`))) {
      const rest = name.slice(frame.countField.length + 1);
      const read = rest === "" ? { value: frame.element } : walk(frame.element, segments(rest));
      return { value: read.value, path: aliasPath(name, input.view.type) ?? name, ...(read.each ? { each: read.each } : {}) };
    }
    return readField(input.view, name);
  }

  const value = (raw: unknown, frame: Frame) => evaluate(compile(raw), baseScope(frame));

  function condition(c: Json, frame: Frame, trace: EvaluatedExpression[]): boolean {
    const keys = lowerKeys(c);
    if (keys["allof"]) return (keys["allof"][1] as Json[]).every((x) => condition(x, frame, trace));
    if (keys["anyof"]) return (keys["anyof"][1] as Json[]).some((x) => condition(x, frame, trace));
    if (keys["not"]) return !condition(keys["not"][1] as Json, frame, trace);
    const opKey = Object.keys(keys).find((k) => isOperator(k)) as OperatorKey;
    const target = value(keys[opKey]![1], frame);
    const operator = OPERATORS[opKey];
    if (keys["count"]) {
      const count = countOf(keys["count"][1] as Json, frame);
      const result = applies(opKey, count.n, target);
      trace.push({ result: result ? "True" : "False", expressionKind: "Count", expression: count.expression, ...(count.path ? { path: count.path } : {}), expressionValue: count.n, targetValue: target, operator });
      return result;
    }
    if (keys["field"]) {
      const name = String(value(keys["field"][1], frame));
      const read = fieldIn(name, frame);
      // A [*] alias holds when every member does (an empty array: vacuously).
      const result = read.each ? read.each.every((v) => applies(opKey, v, target)) : applies(opKey, read.value, target);
      trace.push({ result: result ? "True" : "False", expressionKind: "Field", expression: name, path: read.path, ...(read.value !== undefined ? { expressionValue: read.value } : {}), targetValue: target, operator });
      return result;
    }
    const raw = keys["value"]![1];
    const v = value(raw, frame);
    const result = applies(opKey, v, target);
    trace.push({ result: result ? "True" : "False", expressionKind: "Value", expression: text(raw), ...(v !== undefined ? { expressionValue: v } : {}), targetValue: target, operator });
    return result;
  }

  function countOf(spec: Json, frame: Frame): { n: number; expression: string; path?: string } {
    const keys = lowerKeys(spec);
    const where = keys["where"]?.[1] as Json | undefined;
    if (keys["field"]) {
      const name = String(keys["field"][1]);
      const arrayField = name.replace(/\[\*\]$/, "");
      const read = fieldIn(arrayField, frame);
      const members = Array.isArray(read.value) ? read.value : [];
      const inner: Frame = { ...frame, countField: name.toLowerCase() };
      const n = members.filter((m) => (where ? condition(where, { ...inner, element: m }, []) : true)).length;
      return { n, expression: name, path: `${read.path}[*]` };
    }
    const raw = keys["value"]![1];
    const members = value(raw, frame);
    const list = Array.isArray(members) ? members : [];
    const named = keys["name"] ? String(keys["name"][1]).toLowerCase() : undefined;
    const n = list.filter((m) => {
      if (!where) return true;
      const names = new Map(frame.names);
      if (named !== undefined) names.set(named, m);
      return condition(where, { ...frame, names, element: m }, []);
    }).length;
    return { n, expression: text(raw) };
  }

  try {
    const frame: Frame = { names: new Map() };
    const matched = condition(rule.if, frame, expressions);
    if (!matched) return { matched, expressions };
    const effect = String(value(member(rule.then, "effect"), frame));
    return { matched, effect, expressions };
  } catch (err) {
    if (err instanceof TemplateError) return { error: err.message };
    throw err;
  }
}

/** Why a policy rule cannot be parsed, or undefined when it can; `parameters` are the names the definition declares. */
export function ruleProblem(rule: unknown, parameters: readonly string[]): string | undefined {
  if (!isJson(rule)) return "The policy rule must be a JSON object with 'if' and 'then'.";
  const keys = lowerKeys(rule);
  if (!isJson(keys["if"]?.[1])) return "The policy rule must have an 'if' condition object.";
  if (!isJson(keys["then"]?.[1])) return "The policy rule must have a 'then' object.";
  const declared = new Set(parameters.map((p) => p.toLowerCase()));
  const used: string[] = [];
  const expr = (raw: unknown): string | undefined => {
    let e: Expr;
    try {
      e = compile(raw);
    } catch (err) {
      if (err instanceof TemplateError) return err.message;
      throw err;
    }
    used.push(...parameterNames(e));
    return undefined;
  };
  const cond = (c: unknown, where: string): string | undefined => {
    if (!isJson(c)) return `The condition at '${where}' must be an object.`;
    const k = lowerKeys(c);
    const logical = Object.keys(k).filter((x) => LOGICAL.includes(x));
    if (logical.length > 0) {
      if (Object.keys(k).length !== 1) return `The condition at '${where}' mixes '${k[logical[0]!]![0]}' with other properties.`;
      const [name, inner] = k[logical[0]!]!;
      if (logical[0] === "not") return cond(inner, `${where}.${name}`);
      if (!Array.isArray(inner) || inner.length === 0) return `'${name}' at '${where}' must be a non-empty array of conditions.`;
      for (let i = 0; i < inner.length; i++) {
        const p = cond(inner[i], `${where}.${name}[${i}]`);
        if (p) return p;
      }
      return undefined;
    }
    const subjects = Object.keys(k).filter((x) => SUBJECTS.includes(x));
    const ops: string[] = Object.keys(k).filter((x) => isOperator(x));
    if (subjects.length !== 1) return `The condition at '${where}' must have exactly one of 'field', 'value' or 'count'.`;
    if (ops.length !== 1) return `The condition at '${where}' must have exactly one operator (equals, notEquals, in, notIn, like, notLike, contains, exists, ...).`;
    const other = Object.keys(k).find((x) => !subjects.includes(x) && !ops.includes(x));
    if (other) return `The condition at '${where}' has an unknown property '${k[other]![0]}'.`;
    const [opName, target] = k[ops[0]!]!;
    if ((ops[0] === "in" || ops[0] === "notin") && !Array.isArray(target) && !(typeof target === "string" && target.startsWith("["))) return `'${opName}' at '${where}' needs an array.`;
    const subject = subjects[0]!;
    const [subjectName, raw] = k[subject]!;
    if (subject === "count") {
      if (!isJson(raw)) return `'${subjectName}' at '${where}' must be an object.`;
      const ck = lowerKeys(raw);
      if (ck["field"] ? typeof ck["field"][1] !== "string" || !/\[\*\]$/.test(ck["field"][1]) : !ck["value"]) return `'${subjectName}' at '${where}' needs a 'field' ending in [*] or a 'value'.`;
      if (ck["value"]) {
        const p = expr(ck["value"][1]);
        if (p) return p;
      }
      if (ck["where"]) {
        const p = cond(ck["where"][1], `${where}.${subjectName}.where`);
        if (p) return p;
      }
    } else if (subject === "field" && typeof raw !== "string") return `'${subjectName}' at '${where}' must be a string.`;
    else {
      const p = expr(raw);
      if (p) return p;
    }
    return expr(target);
  };
  const p = cond(keys["if"][1], "if");
  if (p) return p;
  const effect = member(keys["then"][1], "effect");
  if (typeof effect !== "string") return "The policy rule's 'then' must have an 'effect'.";
  const pe = expr(effect);
  if (pe) return pe;
  if (!effect.startsWith("[") && !(EFFECTS as readonly string[]).includes(effect.toLowerCase())) return `The policy effect '${effect}' is not supported. The supported effects are: ${["Deny", "Audit", "Disabled", "Append", "Modify", "AuditIfNotExists", "DeployIfNotExists", "DenyAction", "Manual"].join(", ")}.`;
  const undeclared = used.find((u) => !declared.has(u.toLowerCase()));
  if (undeclared !== undefined) return `The parameter '${undeclared}' is used in the policy rule but not defined in the policy definition's parameters.`;
  return undefined;
}
