// One raw HTTPS request as a client sends it, trusting the given CA; the body is parsed as JSON
// when it is JSON.
import { request as httpsRequest } from "node:https";

export type HttpResult = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any };

export function httpsCall(o: { url: URL; method: string; ca: string; body?: string; headers?: Record<string, string>; timeoutMs?: number; freshConnection?: boolean }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers = { ...(o.body !== undefined ? { "content-length": String(Buffer.byteLength(o.body)) } : {}), ...(o.headers ?? {}) };
    const req = httpsRequest(o.url, { method: o.method, ca: o.ca, headers, ...(o.freshConnection ? { agent: false } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    if (o.timeoutMs) req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`${o.method} ${o.url}: no answer within ${o.timeoutMs} ms`)));
    req.on("error", reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}
