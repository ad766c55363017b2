// The recorder (`aksemu start --record FILE`, or PUT /_aksemu/recording): every request the
// emulator answers and its response, as JSON lines (recording-format.ts), secrets and tokens
// redacted. A response is written when it has been sent; a body over 1 MiB is cut, and said so.
import { createWriteStream, type WriteStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { systemNow, type Clock } from "../clock/clock.js";
import { RECORDING_FORMAT, redactBody, redactHeaders, type Exchange, type RecordingHeader } from "./recording-format.js";

const MAX_BODY = 1024 * 1024;

export type Recorder = {
  start(file: string): void;
  stop(): Promise<void>;
  state(): { recording: boolean; file: string | null; exchanges: number };
  /** Records this exchange if recording (the request's body as read; the response as it is written). */
  capture(req: IncomingMessage, res: ServerResponse, body: Buffer): void;
};

export function createRecorder(o: { clock: Clock; header: () => Omit<RecordingHeader, "recording" | "startedAt" | "clock"> }): Recorder {
  let out: WriteStream | undefined;
  let file: string | null = null;
  let n = 0;

  const stop = () =>
    new Promise<void>((resolve) => {
      const closing = out;
      out = undefined;
      file = null;
      if (!closing) return resolve();
      closing.end(resolve);
    });

  return {
    start(path) {
      void stop();
      out = createWriteStream(path, { flags: "w" });
      file = path;
      n = 0;
      const header: RecordingHeader = { recording: RECORDING_FORMAT, ...o.header(), startedAt: new Date(systemNow()).toISOString(), clock: { mode: o.clock.mode, now: new Date(o.clock.now()).toISOString() } };
      out.write(`${JSON.stringify(header)}\n`);
    },
    stop,
    state: () => ({ recording: out !== undefined, file, exchanges: n }),
    capture(req, res, body) {
      const sink = out;
      // The recording's own switch is not part of what it records.
      if (!sink || (req.url ?? "").startsWith("/_aksemu/recording")) return;
      const at = new Date(systemNow()).toISOString();
      const virtual = new Date(o.clock.now()).toISOString();
      const chunks: Buffer[] = [];
      let size = 0;
      const keep = (chunk: unknown, encoding?: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === "function" || size > MAX_BODY) return;
        const b = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
        size += b.length;
        chunks.push(b);
      };
      // Headers given to writeHead never reach getHeaders(): keep them as they pass.
      const given: Record<string, string> = {};
      const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
      res.writeHead = ((...a: unknown[]) => {
        const h = a.find((x, i) => i > 0 && typeof x === "object" && x !== null);
        if (Array.isArray(h)) for (let i = 0; i + 1 < h.length; i += 2) given[String(h[i]).toLowerCase()] = String(h[i + 1]);
        else if (h) for (const [k, v] of Object.entries(h)) given[k.toLowerCase()] = String(v);
        return writeHead(...a);
      }) as typeof res.writeHead;
      const write = res.write.bind(res) as (...a: unknown[]) => boolean;
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      res.write = ((...a: unknown[]) => {
        keep(a[0], a[1]);
        return write(...a);
      }) as typeof res.write;
      res.end = ((...a: unknown[]) => {
        keep(a[0], a[1]);
        return end(...a);
      }) as typeof res.end;
      res.on("finish", () => {
        if (out !== sink) return;
        const text = Buffer.concat(chunks).toString("utf8");
        const headers = redactHeaders({ ...(res.getHeaders() as Record<string, string>), ...given });
        const exchange: Exchange = {
          n: ++n,
          at,
          virtual,
          request: { method: req.method ?? "GET", url: req.url ?? "/", headers: redactHeaders(req.headers), body: redactBody(body.toString("utf8"), req.headers["content-type"]) },
          response: { status: res.statusCode, headers, body: size > MAX_BODY ? `${text.slice(0, MAX_BODY)}[aksemu: cut at 1 MiB]` : redactBody(text, headers["content-type"]) },
        };
        sink.write(`${JSON.stringify(exchange)}\n`);
      });
    },
  };
}
