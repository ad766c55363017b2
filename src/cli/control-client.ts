// A client of the emulator's control API (/_aksemu/...) for aksemu's own commands and the
// programmatic API: HTTPS trusting the emulator's CA, a bearer token of the default principal
// from the emulator's token endpoint (fetched again before it expires).
import { request } from "node:https";
import { systemNow } from "../clock/clock.js";

export type ControlTarget = { endpoint: string; ca: string; tenantId: string; clientId: string; clientSecret: string };

export type ControlReply = { status: number; text: string };

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One HTTPS request to the emulator (trusting its CA): status, headers and the body as text. */
export function httpsCall(endpoint: string, ca: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<ControlReply & { headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, endpoint), { method, ca, headers: { ...headers, ...(body !== undefined ? { "content-length": Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The default principal's bearer token from the emulator's token endpoint, fetched again before it expires. */
export function bearerToken(t: ControlTarget): () => Promise<string> {
  let token: { value: string; exp: number } | undefined;
  return async () => {
    if (!token || systemNow() > token.exp - 60_000) {
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: t.clientId, client_secret: t.clientSecret, scope: "https://management.azure.com/.default" });
      const res = await httpsCall(t.endpoint, t.ca, "POST", `/${t.tenantId}/oauth2/v2.0/token`, form.toString(), { "content-type": "application/x-www-form-urlencoded" });
      if (res.status !== 200) throw new ControlError(res.status, `the token request failed: ${res.status} ${res.text}`);
      const value = (JSON.parse(res.text) as { access_token: string }).access_token;
      token = { value, exp: (JSON.parse(Buffer.from(value.split(".")[1]!, "base64url").toString("utf8")) as { exp: number }).exp * 1000 };
    }
    return token.value;
  };
}

export function controlClient(t: ControlTarget) {
  const call = (method: string, path: string, body?: string, headers: Record<string, string> = {}) => httpsCall(t.endpoint, t.ca, method, path, body, headers);
  const bearer = bearerToken(t);
  /** One control call; a JSON body (or raw text with `raw`); its parsed answer; an ARM error's message as a ControlError. */
  return async function control(method: string, path: string, body?: unknown, raw?: boolean): Promise<Record<string, unknown>> {
    const text = body === undefined ? undefined : raw ? String(body) : JSON.stringify(body);
    const res = await call(method, path, text, { authorization: `Bearer ${await bearer()}`, ...(text !== undefined ? { "content-type": "application/json" } : {}) });
    const parsed = res.text === "" ? {} : (JSON.parse(res.text) as Record<string, unknown>);
    if (res.status >= 300) {
      const error = parsed["error"] as { message?: string } | undefined;
      throw new ControlError(res.status, error?.message ?? `${method} ${path}: ${res.status} ${res.text}`);
    }
    return parsed;
  };
}
