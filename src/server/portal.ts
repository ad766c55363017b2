// The portal (issue 14): a static single-page app in `portal/` at the package root, served by aksemu
// itself as anonymous GETs, with Fluent UI's web components and design tokens read from
// node_modules. The page holds no privilege: every call it makes is an ordinary ARM or control API
// call with the bearer token of the principal who signed in, so RBAC applies as it does to az.
// node:fs/promises through node:fs's getter: loaded when first used, not as the bin starts (issue 12: 1.5 ms).
import { existsSync, promises as fsp } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { apiError } from "../arm/error-catalog.js";
import type { Reply, RequestContext } from "../arm/http.js";
import type { Route } from "../arm/router.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

// The page talks to its own origin only; styles may be inline (Fluent's components adopt theirs).
const HEADERS = {
  "Cache-Control": "no-cache",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

/**
 * The package root: the first folder up from this module with a package.json. The same code runs
 * from src/server under tsx, from dist/src/server after tsc and from the dist/aksemu-main.cjs bundle.
 */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error("aksemu: no package.json above the portal module");
  }
}

type Places = { portal: string; fluent: string; tokens: string };
let places: Places | undefined;

/** Where the portal's files and the two Fluent packages are, found once (Node's own resolution, so hoisted installs work). */
function where(): Places {
  if (places) return places;
  const root = packageRoot();
  const fromRoot = createRequire(join(root, "package.json"));
  const fluentPackage = fromRoot.resolve("@fluentui/web-components/package.json");
  const tokensPackage = createRequire(fluentPackage).resolve("@fluentui/tokens/package.json");
  places = { portal: join(root, "portal"), fluent: join(dirname(fluentPackage), "dist"), tokens: join(dirname(tokensPackage), "lib") };
  return places;
}

/**
 * The file a request path names under `base`, or undefined: no empty, dot or hidden segment, no
 * backslash or NUL, and the result stays inside `base` (the router has already decoded the segments).
 */
export function confined(base: string, relative: string): string | undefined {
  const segments = relative.split("/");
  if (segments.some((s) => s === "" || s.startsWith(".") || /[\\\0]/.test(s))) return undefined;
  const full = resolve(base, ...segments);
  return full.startsWith(base + sep) ? full : undefined;
}

async function serveFile(ctx: RequestContext, file: string | undefined): Promise<Reply> {
  const type = file && TYPES[extname(file).toLowerCase()];
  if (!file || !type || !(await fsp.stat(file).catch(() => undefined))?.isFile()) throw apiError("routeNotFound", { path: ctx.path });
  return { status: 200, headers: HEADERS, contentType: type, body: await fsp.readFile(file) };
}

/** `/portal/{*path}`: the portal's own files, and under `vendor/` the Fluent bundle and design tokens. */
function portalFile(ctx: RequestContext): Promise<Reply> {
  const path = ctx.params["path"]!;
  const p = where();
  if (path === "vendor/fluent-web-components.js") return serveFile(ctx, join(p.fluent, "web-components-all.min.js"));
  if (path.startsWith("vendor/fluent-tokens/")) {
    // The tokens package's ES modules import without extensions ('../global/colors'): add ".js".
    const rest = path.slice("vendor/fluent-tokens/".length);
    return serveFile(ctx, confined(p.tokens, extname(rest) === ".js" ? rest : `${rest}.js`));
  }
  return serveFile(ctx, confined(p.portal, path));
}

export const portalRoutes = (): Route[] => [
  {
    method: "GET",
    pattern: "/",
    apiVersions: { kind: "none" },
    auth: "none",
    summary: "the portal (docs/portal.md): sign in with a principal; every call it makes is an ARM or control API call with that token",
    handler: (ctx) => serveFile(ctx, join(where().portal, "index.html")),
  },
  {
    method: "GET",
    pattern: "/portal/{*path}",
    apiVersions: { kind: "none" },
    auth: "none",
    summary: "the portal's files, Fluent UI's web components (`vendor/fluent-web-components.js`) and design tokens (`vendor/fluent-tokens/...`)",
    handler: portalFile,
  },
];
