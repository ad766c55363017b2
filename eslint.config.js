// @ts-check
// Lint for aksemu: ESLint's and typescript-eslint's recommended rules (syntax only), one type-aware
// rule (no-floating-promises), and the project's architecture rules:
//   - no import cycles in src (import-x/no-cycle; `import type` does not count, it vanishes at run time);
//   - the layer table below: a lower layer never imports a higher one (import-x/no-restricted-paths,
//     which resolves each import to a file, so it does not care how many `../` it took);
//   - provider boundaries and a pure provider domain (no-restricted-paths and no-restricted-imports);
//   - only src/clock reads the system time; providers and the engine set no timers of their own.
// Every message says which rule was broken and why, so a failing CI line explains itself.
import fs from "node:fs";
import path from "node:path";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = path.dirname(fileURLToPath(import.meta.url));

// ---- Layers: lower index = lower layer. A folder may import its own layer and the layers below it.
const LAYERS = [
  ["src/clock", "src/config"], // base: virtual time, configuration
  ["src/store"], // persistence
  ["src/tls", "src/identity", "src/arm"], // certificates, Entra tokens, ARM wire conventions
  ["src/engine", "src/kube"], // the long-running-operation engine; the Kubernetes API machinery
  ["src/providers"], // resource providers (Microsoft.ContainerService, Microsoft.Resources, ...)
  ["src/control"], // the emulator's control API
  ["src/server"], // HTTP(S) front door: wires everything together
  ["src/cli"], // aksemu and azl entry points
];
const ORDER = LAYERS.map((l) => l.map((f) => f.slice(4)).join(", ")).join(" < ");

// Provider folders (src/providers/<p>/), read at lint time so a new provider is covered at once.
const providersDir = path.join(root, "src/providers");
const PROVIDERS = fs.existsSync(providersDir)
  ? fs
      .readdirSync(providersDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

/** @type {{ target: string | string[]; from: string | string[]; except?: string[]; message: string }[]} */
const zones = [];
LAYERS.forEach((layer, i) => {
  for (const lower of layer) {
    for (const higher of LAYERS.slice(i + 1).flat()) {
      const why =
        lower === "src/engine" && higher === "src/providers"
          ? "The engine runs any provider's plans through the interfaces it defines; it imports nothing from src/providers, not even types (pass the provider in)."
          : "A lower layer never imports a higher one: move the shared piece down, or have the higher layer pass it in.";
      zones.push({
        target: lower,
        from: higher,
        message: `Layering: ${lower} may not import ${higher}. ${why} Layers: ${ORDER}.`,
      });
    }
  }
});
if (PROVIDERS.length > 0) {
  zones.push({
    target: "src/server",
    from: PROVIDERS.map((p) => `src/providers/${p}`),
    message:
      "The server knows providers only through the provider list, src/providers/index.ts (and the shared contracts in src/providers/*.ts); it imports no provider folder directly.",
  });
  zones.push({
    target: "src/control",
    from: PROVIDERS.map((p) => `src/providers/${p}`),
    message:
      "The control API names no provider: what a provider contributes (Provider.scenarios, ...) is built from the provider list by the composition root and passed in; src/control may import only the shared contracts in src/providers/*.ts.",
  });
}
zones.push({
  target: ["src/cli/azl", "src/cli/azl.ts"],
  from: "src",
  except: ["./clock", "./cli"],
  message:
    "azl talks to the emulator over HTTP only: outside src/cli it may import src/clock and nothing else (no server, store, engine or provider code).",
});
zones.push({
  target: "src/providers/*/domain/**",
  from: "src/arm/error-catalog.ts",
  message:
    "A provider's domain is pure and knows no wire errors: it returns refusals, and the wire layer (handlers) renders them with arm/error-catalog.",
});
for (const p of PROVIDERS) {
  const others = PROVIDERS.filter((q) => q !== p).map((q) => `src/providers/${q}`);
  if (others.length === 0) continue;
  zones.push({
    target: `src/providers/${p}`,
    from: others,
    except: ["./public.ts"], // relative to each `from` folder
    message: `Provider boundary: src/providers/${p} may reach another provider only through that provider's public.ts (with \`import type\`), never its internals. Shared contracts live in src/providers/*.ts.`,
  });
}
zones.push({
  target: "src/providers/*/**",
  from: "src/providers/index.ts",
  message: "The provider list (src/providers/index.ts) imports the providers; a provider never imports the list.",
});

// ---- no-restricted-imports (matches the import text, so depth-exact patterns are generated).
// ESLint replaces a rule's options when a later block matches the same file, so each block below
// carries the whole set for the files it covers.
const TIMER_MODULES = ["timers", "timers/promises"].flatMap((m) => [m, `node:${m}`]);
const TIMER_MESSAGE =
  "Providers and the engine use the Clock (clock.now(), clock.wakeAt()) so virtual time governs them; set no timers of your own.";
const timerPaths = TIMER_MODULES.map((name) => ({ name, message: TIMER_MESSAGE }));

/** @param {string} s */
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** @param {number} n */
const up = (n) => `(?:\\.\\./){${n}}`;

/**
 * Rules for a file `depth` folders below src/providers/<p>/ (0 = the provider's own root).
 * @param {number} depth
 * @param {boolean} inDomain
 * @returns {import("eslint").Linter.RuleEntry}
 */
function providerImportRules(depth, inDomain) {
  /** @type {{ regex: string; allowTypeImports?: boolean; message: string }[]} */
  const patterns = [
    {
      regex: `^${up(depth + 1)}[^./][^/]*/public(?:\\.[cm]?[jt]s)?$`,
      allowTypeImports: true,
      message:
        "Provider boundary: another provider's public.ts may be imported with `import type` only; runtime wiring between providers goes through the provider list (src/providers/index.ts).",
    },
  ];
  if (inDomain) {
    patterns.push(
      {
        // engine/operations.ts is the pure operation model (finish, abort, preempt): allowed.
        regex: `^${up(depth + 2)}(?:store|engine/(?!operations(?:\\.js)?$))`,
        allowTypeImports: true,
        message:
          "A provider's domain is pure: it may name engine and store types (`import type`) and use the pure operation model (engine/operations.ts), but not call the engine or the store; the handlers and the repository do the I/O.",
      },
      {
        regex: `^(?:node:)?(?:${builtinModules.filter((m) => !m.startsWith("_")).map(esc).join("|")})(?:/.*)?$`,
        message:
          "A provider's domain is pure: no Node built-ins (no I/O, no crypto, no timers). Take what it needs as arguments.",
      },
    );
  }
  return ["error", { paths: timerPaths, patterns }];
}

const MAX_DEPTH = 6;
const providerImportBlocks = [];
for (let depth = 0; depth <= MAX_DEPTH; depth++) {
  const below = "*/".repeat(depth);
  providerImportBlocks.push({
    name: `aksemu/provider-imports-depth-${depth}`,
    files: [`src/providers/*/${below}*.ts`],
    rules: { "no-restricted-imports": providerImportRules(depth, false) },
  });
  if (depth >= 1) {
    providerImportBlocks.push({
      name: `aksemu/domain-imports-depth-${depth}`,
      files: [`src/providers/*/domain/${"*/".repeat(depth - 1)}*.ts`],
      rules: { "no-restricted-imports": providerImportRules(depth, true) },
    });
  }
}

const TIME_MESSAGE =
  "Only src/clock reads the system time: ask the Clock (clock.now(), or systemNow() for wall-clock checks). new Date(t) to format a given time is fine.";

export default defineConfig(
  globalIgnores(["dist/", "node_modules/", "test/.tls/", "**/*.json"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: "aksemu/base",
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js", ".mjs", ".cjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".js", ".mjs", ".cjs", ".json", ".node"],
          // NodeNext: `./x.js` in a .ts file means ./x.ts
          extensionAlias: { ".js": [".ts", ".js"], ".mjs": [".mts", ".mjs"] },
        }),
      ],
    },
    rules: {
      // tsc (noUnusedLocals/noUnusedParameters) already reports these.
      "@typescript-eslint/no-unused-vars": "off",
      "no-unused-vars": "off",
      // Tests match az's help text, indented by four spaces; a literal indent reads better than {4}.
      "no-regex-spaces": "off",
    },
  },
  {
    name: "aksemu/src",
    files: ["src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { basePath: root, zones }],
    },
  },
  {
    name: "aksemu/time-only-in-clock",
    files: ["src/**/*.ts"],
    ignores: ["src/clock/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: TIME_MESSAGE },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: TIME_MESSAGE },
        { selector: "CallExpression[callee.name='Date']", message: TIME_MESSAGE },
      ],
    },
  },
  {
    name: "aksemu/no-timers-in-providers-and-engine",
    files: ["src/providers/**/*.ts", "src/engine/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "setTimeout", message: TIMER_MESSAGE },
        { name: "setInterval", message: TIMER_MESSAGE },
      ],
      "no-restricted-properties": [
        "error",
        ...["globalThis", "global"].flatMap((object) =>
          ["setTimeout", "setInterval"].map((property) => ({ object, property, message: TIMER_MESSAGE })),
        ),
      ],
      "no-restricted-imports": ["error", { paths: timerPaths }],
    },
  },
  ...providerImportBlocks,
  {
    // The one type-aware rule: an un-awaited promise (a lost assert.rejects, a write nobody waits
    // for) is a real bug. Type information comes from tsconfig.test.json (src, test and bench);
    // node:test's test()/describe() return promises the runner itself awaits.
    name: "aksemu/floating-promises",
    files: ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    languageOptions: { parserOptions: { project: ["./tsconfig.test.json"], tsconfigRootDir: root } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "it", "describe", "suite", "before", "after", "beforeEach", "afterEach"] },
          ],
        },
      ],
    },
  },
  {
    // The portal's ES modules run in the browser (served by src/server/portal.ts).
    name: "aksemu/portal",
    files: ["portal/**/*.js"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: "aksemu/tests",
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
);
