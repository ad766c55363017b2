// Policy's template language: a string "[...]" in a rule is an expression ("[parameters('x')]",
// "[field('type')]", "[concat('a', parameters('b'))]"); "[[" escapes a literal "[". Parsed to a
// small tree once, evaluated against what the rule is applied to. Only the functions policy rules
// use in practice; any other name is a parse error (the definition is refused with InvalidPolicyRule).

export type Expr =
  | { kind: "literal"; value: unknown }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "member"; target: Expr; property: string }
  | { kind: "index"; target: Expr; index: Expr };

export class TemplateError extends Error {}

/** What an expression may read: parameter values, fields of the resource, `current()` in a count. */
export type TemplateScope = {
  parameter: (name: string) => unknown;
  field: (name: string) => unknown;
  current: (name?: string) => unknown;
  resourceGroup?: { name: string; id: string; location?: string };
  subscription: { subscriptionId: string; id: string };
};

const FUNCTIONS = new Set([
  "parameters", "field", "current", "concat", "tolower", "toupper", "if", "equals", "not", "and", "or", "empty", "length", "contains",
  "string", "int", "bool", "substring", "replace", "split", "first", "last", "trim", "startswith", "endswith", "coalesce", "createarray",
  "resourcegroup", "subscription", "true", "false", "null", "indexof", "greater", "less", "greaterorequals", "lessorequals",
]);

/** Whether a rule value is an expression: "[...]" but not the "[[" escape. */
export const isExpression = (v: unknown): v is string => typeof v === "string" && v.startsWith("[") && !v.startsWith("[[") && v.endsWith("]");

/** A rule value as data: an expression's tree, or the literal (with "[[" unescaped). */
export function compile(v: unknown): Expr {
  if (isExpression(v)) return parse(v.slice(1, -1));
  if (typeof v === "string" && v.startsWith("[[")) return { kind: "literal", value: v.slice(1) };
  return { kind: "literal", value: v };
}

export function parse(text: string): Expr {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new TemplateError(`${what} at position ${i} of '[${text}]'`);
  };
  function primary(): Expr {
    ws();
    const c = text[i];
    if (c === "'") {
      let out = "";
      i++;
      for (;;) {
        if (i >= text.length) fail("Unterminated string");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            out += "'";
            i += 2;
            continue;
          }
          i++;
          return { kind: "literal", value: out };
        }
        out += text[i++];
      }
    }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: "literal", value: Number(num[0]) };
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!id) return fail("Expected a function, string or number");
    i += id[0].length;
    const name = id[0].toLowerCase();
    ws();
    if (text[i] !== "(") return fail(`Expected '(' after '${id[0]}'`);
    if (!FUNCTIONS.has(name)) return fail(`Unknown function '${id[0]}'`);
    i++;
    const args: Expr[] = [];
    ws();
    if (text[i] === ")") i++;
    else {
      for (;;) {
        args.push(expr());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === ")") {
          i++;
          break;
        }
        fail("Expected ',' or ')'");
      }
    }
    return { kind: "call", name, args };
  }
  function expr(): Expr {
    let e = primary();
    for (;;) {
      ws();
      if (text[i] === ".") {
        i++;
        const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
        if (!id) return fail("Expected a property name");
        i += id[0].length;
        e = { kind: "member", target: e, property: id[0] };
      } else if (text[i] === "[") {
        i++;
        const index = expr();
        ws();
        if (text[i] !== "]") return fail("Expected ']'");
        i++;
        e = { kind: "index", target: e, index };
      } else return e;
    }
  }
  const e = expr();
  ws();
  if (i !== text.length) fail("Unexpected text");
  return e;
}

/** The parameter names an expression reads through parameters('x'). */
export function parameterNames(e: Expr, out: string[] = []): string[] {
  if (e.kind === "call") {
    if (e.name === "parameters" && e.args[0]?.kind === "literal") out.push(String(e.args[0].value));
    for (const a of e.args) parameterNames(a, out);
  } else if (e.kind === "member") parameterNames(e.target, out);
  else if (e.kind === "index") {
    parameterNames(e.target, out);
    parameterNames(e.index, out);
  }
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
const ieq = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : JSON.stringify(a) === JSON.stringify(b));

function getProperty(target: unknown, name: string): unknown {
  if (typeof target !== "object" || target === null || Array.isArray(target)) throw new TemplateError(`Cannot read '${name}' of a ${Array.isArray(target) ? "array" : typeof target}`);
  const key = Object.keys(target).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (target as Record<string, unknown>)[key];
}

export function evaluate(e: Expr, scope: TemplateScope): unknown {
  switch (e.kind) {
    case "literal":
      return e.value;
    case "member":
      return getProperty(evaluate(e.target, scope), e.property);
    case "index": {
      const target = evaluate(e.target, scope);
      const index = evaluate(e.index, scope);
      if (Array.isArray(target) && typeof index === "number") return target[index];
      return getProperty(target, str(index));
    }
    case "call":
      return call(e.name, e.args, scope);
  }
}

function call(name: string, args: Expr[], scope: TemplateScope): unknown {
  // `if` evaluates only the branch it takes.
  if (name === "if") return evaluate(args[evaluate(args[0]!, scope) === true ? 1 : 2]!, scope);
  const v = args.map((a) => evaluate(a, scope));
  const [a, b, c] = v;
  switch (name) {
    case "parameters":
      return scope.parameter(str(a));
    case "field":
      return scope.field(str(a));
    case "current":
      return scope.current(a === undefined ? undefined : str(a));
    case "concat":
      return v.every(Array.isArray) && v.length > 0 ? v.flat() : v.map(str).join("");
    case "tolower":
      return str(a).toLowerCase();
    case "toupper":
      return str(a).toUpperCase();
    case "equals":
      return ieq(a, b);
    case "not":
      return a !== true;
    case "and":
      return v.every((x) => x === true);
    case "or":
      return v.some((x) => x === true);
    case "empty":
      return a === undefined || a === null || a === "" || (Array.isArray(a) && a.length === 0) || (typeof a === "object" && a !== null && Object.keys(a).length === 0);
    case "length":
      return Array.isArray(a) ? a.length : typeof a === "object" && a !== null ? Object.keys(a).length : str(a).length;
    case "contains":
      if (Array.isArray(a)) return a.some((x) => ieq(x, b));
      if (typeof a === "object" && a !== null) return Object.keys(a).some((k) => k.toLowerCase() === str(b).toLowerCase());
      return str(a).toLowerCase().includes(str(b).toLowerCase());
    case "string":
      return str(a);
    case "int":
      return Math.trunc(Number(a));
    case "bool":
      return a === true || str(a).toLowerCase() === "true";
    case "substring":
      return str(a).substring(Number(b ?? 0), c === undefined ? undefined : Number(b ?? 0) + Number(c));
    case "replace":
      return str(a).split(str(b)).join(str(c));
    case "split":
      return str(a).split(str(b));
    case "first":
      return Array.isArray(a) ? a[0] : str(a).slice(0, 1);
    case "last":
      return Array.isArray(a) ? a[a.length - 1] : str(a).slice(-1);
    case "trim":
      return str(a).trim();
    case "startswith":
      return str(a).toLowerCase().startsWith(str(b).toLowerCase());
    case "endswith":
      return str(a).toLowerCase().endsWith(str(b).toLowerCase());
    case "indexof":
      return str(a).toLowerCase().indexOf(str(b).toLowerCase());
    case "coalesce":
      return v.find((x) => x !== undefined && x !== null);
    case "createarray":
      return v;
    case "greater":
      return (a as number) > (b as number);
    case "less":
      return (a as number) < (b as number);
    case "greaterorequals":
      return (a as number) >= (b as number);
    case "lessorequals":
      return (a as number) <= (b as number);
    case "resourcegroup":
      if (!scope.resourceGroup) throw new TemplateError("resourceGroup() outside a resource group");
      return scope.resourceGroup;
    case "subscription":
      return scope.subscription;
    case "true":
      return true;
    case "false":
      return false;
    case "null":
      return null;
    default:
      throw new TemplateError(`Unknown function '${name}'`);
  }
}
