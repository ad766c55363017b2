// A thin ARM client over node:https: the emulator's public API, nothing else. It loads in a few
// milliseconds (the official SDKs take hundreds), which keeps `azl aks show` well under a second.
import { systemNow } from "../../clock/clock.js"; // a client waits in wall-clock time
import { readFileSync } from "node:fs";
import { Agent, request, type RequestOptions } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { CliError } from "./errors.js";
import type { Profile } from "./profile.js";
import type { ErrorDetail, OperationStatus, TokenResponse } from "./wire.js";

/** A response with its JSON body parsed (undefined when empty or not JSON), typed as the caller expects it. */
export type ArmResponse<T = unknown> = { status: number; headers: IncomingHttpHeaders; body: T; text: string };

export type ClientOptions = {
  profile: Profile;
  debug: (line: string) => void;
  /** Called when a new token was fetched, so the caller can cache it. */
  onToken: (token: { value: string; expiresOn: number }) => void;
  /** Progress of a long-running operation (stderr spinner); absent when quiet. */
  progress?: (text: string | undefined) => void;
};

/** The resource az asks a managed identity for (its cloud's active_directory_resource_id). */
export const MSI_ARM_RESOURCE = "https://management.core.windows.net/";

const TERMINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ArmClient {
  private readonly agent: Agent;
  private token: { value: string; expiresOn: number } | undefined;

  constructor(private readonly opts: ClientOptions) {
    let ca: string;
    try {
      ca = readFileSync(opts.profile.caPath, "utf8");
    } catch {
      throw new CliError("client", `Cannot read the emulator's CA certificate at ${opts.profile.caPath}. Start aksemu, or set AKSEMU_CA (or AKSEMU_DATA_DIR) and run 'azl login' again.`);
    }
    this.agent = new Agent({ keepAlive: true, ca });
    this.token = opts.profile.token;
  }

  get endpoint(): string {
    return this.opts.profile.endpoint;
  }

  /** Maps https://management.azure.com/... (as the seed articles write URLs) onto the emulator. */
  resolve(pathOrUrl: string): URL {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      const u = new URL(pathOrUrl);
      if (u.hostname.toLowerCase() === "management.azure.com") return new URL(`${u.pathname}${u.search}`, this.endpoint);
      return u;
    }
    return new URL(pathOrUrl.startsWith("/") ? pathOrUrl : `/${pathOrUrl}`, this.endpoint);
  }

  private raw(method: string, url: URL, body: string | undefined, headers: Record<string, string>): Promise<ArmResponse> {
    this.opts.debug(`Request URL: '${url.toString()}'\nRequest method: '${method}'`);
    return new Promise((resolvePromise, reject) => {
      const options: RequestOptions = { method, agent: this.agent, headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) } };
      const req = request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          this.opts.debug(`Response status: ${res.statusCode}`);
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      });
      req.on("error", (err: NodeJS.ErrnoException) =>
        reject(new CliError("client", err.code === "ECONNREFUSED" ? `Cannot reach the emulator at ${this.endpoint}: is 'aksemu start' running? (${err.message})` : `Request to ${url.origin} failed: ${err.message}`)),
      );
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /**
   * A token from a managed identity endpoint (Cloud Shell's MSI_ENDPOINT) as msrestazure's
   * get_msi_token asks: POST `resource=...`, `Metadata: true`. An HTTP error is az 2.45's text (the
   * requests Response has no `.status`, so az prints its repr, `<Response [400]>`).
   */
  async msiToken(endpoint: string, resource: string): Promise<{ value: string; expiresOn: number }> {
    const res = (await this.raw("POST", new URL(endpoint), new URLSearchParams({ resource }).toString(), { "content-type": "application/x-www-form-urlencoded", metadata: "true" })) as ArmResponse<{ access_token?: string; expires_on?: string } | undefined>;
    if (res.status >= 400) throw new CliError("client", `Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned: <Response [${res.status}]>`);
    return { value: String(res.body?.access_token), expiresOn: Number(res.body?.expires_on ?? 0) * 1000 };
  }

  private async bearer(): Promise<string> {
    const now = systemNow();
    if (this.token && this.token.expiresOn - 300_000 > now) return this.token.value;
    const p = this.opts.profile;
    if (p.msiEndpoint) {
      this.token = await this.msiToken(p.msiEndpoint, MSI_ARM_RESOURCE);
      this.opts.onToken(this.token);
      return this.token.value;
    }
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: p.clientId, client_secret: p.clientSecret, scope: "https://management.azure.com/.default" });
    const res = (await this.raw("POST", new URL(`/${p.tenantId}/oauth2/v2.0/token`, this.endpoint), form.toString(), { "content-type": "application/x-www-form-urlencoded" })) as ArmResponse<TokenResponse | undefined>;
    if (res.status !== 200) {
      const description = String(res.body?.error_description ?? res.text).split("\r\n")[0];
      throw new CliError("client", `${description}\nPlease run 'azl login' to setup account.`);
    }
    this.token = { value: String(res.body?.access_token), expiresOn: now + Number(res.body?.expires_in ?? 3600) * 1000 };
    this.opts.onToken(this.token);
    return this.token.value;
  }

  /** One ARM request; a 4xx/5xx becomes a CliError carrying the service's code and message. */
  async call<T = unknown>(method: string, pathOrUrl: string, opts: { body?: unknown; apiVersion?: string; allowStatus?: readonly number[] } = {}): Promise<ArmResponse<T>> {
    const url = this.resolve(pathOrUrl);
    if (opts.apiVersion && !url.searchParams.has("api-version")) url.searchParams.set("api-version", opts.apiVersion);
    const headers: Record<string, string> = { authorization: `Bearer ${await this.bearer()}`, accept: "application/json" };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    let res = await this.raw(method, url, body, headers);
    // A cached token another emulator signed (a restart in memory, another data dir): fetch a fresh one, once.
    if (res.status === 401 && (res.body as { error?: ErrorDetail } | undefined)?.error?.code === "InvalidAuthenticationToken" && this.token) {
      this.token = undefined;
      headers["authorization"] = `Bearer ${await this.bearer()}`;
      res = await this.raw(method, url, body, headers);
    }
    if (res.status >= 400 && !opts.allowStatus?.includes(res.status)) throw serviceError(res);
    return res as ArmResponse<T>;
  }

  /**
   * Follows a long-running operation the way the SDK does: poll Azure-AsyncOperation (else
   * Location) until a terminal status, honouring Retry-After. Returns the final status body.
   */
  async wait(initial: ArmResponse, label: string): Promise<unknown> {
    const statusUrl = (initial.headers["azure-asyncoperation"] ?? initial.headers["location"]) as string | undefined;
    if (!statusUrl) return undefined;
    const viaAsync = initial.headers["azure-asyncoperation"] !== undefined;
    let delay = retryAfterMs(initial.headers);
    for (let first = true; ; first = false) {
      if (!first) await sleep(delay);
      const res = await this.call<OperationStatus | undefined>("GET", statusUrl);
      delay = retryAfterMs(res.headers);
      if (!viaAsync) {
        if (res.status === 202) continue;
        this.opts.progress?.(undefined);
        return res.body;
      }
      const status = String(res.body?.status ?? "");
      this.opts.progress?.(TERMINAL.has(status.toLowerCase()) ? undefined : `${label}: ${res.body?.percentComplete ?? 0}% complete (${status})`);
      if (status.toLowerCase() === "succeeded") return res.body;
      if (status.toLowerCase() === "failed") {
        const e = (res.body?.error ?? {}) as Record<string, unknown>;
        throw new CliError("service", String(e["message"] ?? "The long-running operation has failed"), { code: String(e["code"] ?? "OperationFailed"), ...extras(e) });
      }
      if (status.toLowerCase() === "canceled" || status.toLowerCase() === "cancelled") {
        const e = res.body?.error ?? {};
        throw new CliError("service", String(e.message ?? "Operation was canceled"), { code: String(e.code ?? "OperationCanceled") });
      }
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

function retryAfterMs(headers: IncomingHttpHeaders): number {
  const seconds = Number(headers["retry-after"] ?? "");
  // 0 or absent: the emulator's manual or instant clock; poll briskly.
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500;
}

export function serviceError(res: ArmResponse): CliError {
  const body = res.body as { error?: ErrorDetail } | undefined;
  const e = (body?.error ?? body ?? {}) as Record<string, unknown>;
  const code = String(e["code"] ?? `HttpStatus${res.status}`);
  const message = String(e["message"] ?? (res.text || `Operation returned an invalid status code ${res.status}`));
  const target = typeof e["target"] === "string" ? e["target"] : undefined;
  return new CliError(res.status === 404 ? "missing" : "service", message, { code, ...(target ? { target } : {}), ...extras(e) });
}

/** What az prints after Code and Message: an error's details and innererror. */
const extras = (e: Record<string, unknown>) => ({ details: e["details"], innererror: e["innererror"], ...(e["target"] ? { target: String(e["target"]) } : {}) });
