// One file for `aksemu start` (the `aksemu` bin, `npm start`): src/cli/aksemu.ts and its ~400
// modules bundled with esbuild into dist/aksemu.mjs, which Node loads in about a third of the time
// the module graph takes (cold start, issue 12). Native and lazily loaded packages stay outside
// (better-sqlite3, @peculiar/x509), resolved from the repository's node_modules. Built from the
// TypeScript sources, so it never lags behind a stale dist; part of `npm run build` and `prepare`.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [join(root, "src", "cli", "aksemu.ts")],
  outfile: join(root, "dist", "aksemu.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3", "@peculiar/x509"],
  // CommonJS packages inside the bundle may call require() for Node's own modules.
  banner: { js: 'import { createRequire as __aksemuRequire } from "node:module"; const require = __aksemuRequire(import.meta.url);' },
  sourcemap: "linked",
  logLevel: "warning",
});
