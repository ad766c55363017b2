// What a recording is (pure): a header line, then one JSON line per exchange (request and response
// as the client sent and got them, with secrets and tokens redacted), and how a replay compares
// two answers: the same status, and bodies equal once what differs by nature between two runs
// (ids, times, etags, tokens, the emulator's address) is set aside.

export const RECORDING_FORMAT = 1;

export type RecordingHeader = { recording: number; aksemu: string; startedAt: string; clock: { mode: string; now: string }; subscriptionId: string; tenantId: string; loose: boolean };

export type RecordedMessage = { headers: Record<string, string>; body: string };

export type Exchange = {
  n: number;
  /** Wall-clock and virtual time the request arrived at (RFC 3339). */
  at: string;
  virtual: string;
  request: RecordedMessage & { method: string; url: string };
  response: RecordedMessage & { status: number };
};

export const REDACTED = "<redacted>";
const SECRET_KEY = /secret|password|token|assertion/i;

/** Headers as recorded: credentials replaced. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(", ") : v;
    out[k.toLowerCase()] = k.toLowerCase() === "authorization" ? value.replace(/^(\S+\s+).*$/, `$1${REDACTED}`) : /^(cookie|set-cookie)$/i.test(k) ? REDACTED : value;
  }
  return out;
}

/** A body as recorded: a form's and a JSON document's secrets and tokens replaced (a kubeconfig is one). */
export function redactBody(body: string, contentType: string | undefined): string {
  if (body === "") return body;
  if (/x-www-form-urlencoded/i.test(contentType ?? "")) {
    const form = new URLSearchParams(body);
    for (const k of [...form.keys()]) if (SECRET_KEY.test(k)) form.set(k, REDACTED);
    return form.toString();
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return body;
  }
  return JSON.stringify(redactJson(doc));
}

function redactJson(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return key === "kubeconfigs" ? v.map((k) => ({ ...(k as object), value: REDACTED })) : v.map((x) => redactJson(x));
  if (typeof v !== "object" || v === null) return typeof v === "string" && SECRET_KEY.test(key) ? REDACTED : v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactJson(x, k)]));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?/g;
// Long hex and digit runs: command ids, and the hashes in names derived from a resource's own id
// (an API server's FQDN, a scale set's name), which differ from run to run.
const HEX = /\b[0-9a-f]{8,64}\b|(?<=-)[0-9a-f]{8}(?=[.-])/gi;
const VOLATILE_KEYS = /^(etag|x-ms-request-id|requestid|correlationid|eventdataid|operationid|uid|resourceversion)$/i;

/** A value with what differs between two runs set aside: origins, UUIDs, times, hex ids and hashes, etags. */
export function normalized(v: unknown, origins: readonly string[], key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => normalized(x, origins));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalized(x, origins, k)]));
  if (typeof v !== "string") return v;
  if (VOLATILE_KEYS.test(key)) return "<volatile>";
  let s = v;
  for (const o of origins) s = s.split(o).join("<origin>");
  return s.replace(UUID, "<uuid>").replace(TIME, "<time>").replace(HEX, "<hex>");
}

/** Where two normalized documents differ, as JSON paths with both values (at most `max`). */
export function differences(a: unknown, b: unknown, max = 3, path = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const objects = typeof a === "object" && a !== null && typeof b === "object" && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!objects) return [`${path || "."}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
  const out: string[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    out.push(...differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], max - out.length, Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`));
    if (out.length >= max) break;
  }
  return out;
}

/** A body as JSON when it is JSON, else the text. */
export function parsedBody(body: string): unknown {
  try {
    return body === "" ? "" : JSON.parse(body);
  } catch {
    return body;
  }
}
