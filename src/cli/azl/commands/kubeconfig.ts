// Merges a cluster's kubeconfig into a kubeconfig file as `az aks get-credentials` does
// (acs/custom.py merge_kubernetes_configurations): an empty or new file becomes the cluster's
// kubeconfig; otherwise clusters, users and contexts merge by name (an equal entry moves to the end,
// a different one is an error unless --overwrite-existing); an admin context is named
// "<context>-admin"; the new context becomes current; the file is written as PyYAML's safe_dump.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { CliError } from "../errors.js";
import { renderYaml } from "../output.js";

type Named = { name?: string; [k: string]: unknown };
type Kubeconfig = { clusters?: Named[]; contexts?: Named[]; users?: Named[]; "current-context"?: string; [k: string]: unknown };

function renameContext(add: Kubeconfig, context: string | undefined): void {
  if (context) {
    // az renames the first context and cluster entry, and the cluster the context points at.
    const [c] = add.contexts ?? [];
    if (c) {
      c.name = context;
      (c["context"] as Record<string, unknown>)["cluster"] = context;
    }
    const [cl] = add.clusters ?? [];
    if (cl) cl.name = context;
    add["current-context"] = context;
  }
  // So that admin credentials do not overwrite the user's context.
  for (const c of add.contexts ?? []) {
    const user = (c["context"] as Record<string, unknown> | undefined)?.["user"];
    if (typeof user === "string" && user.startsWith("clusterAdmin")) {
      c.name = `${c.name}-admin`;
      add["current-context"] = c.name;
      break;
    }
  }
}

function mergeList(existing: Kubeconfig, add: Kubeconfig, key: "clusters" | "users" | "contexts", overwrite: boolean): void {
  const incoming = add[key];
  if (!incoming || incoming.length === 0) return;
  if (!(key in existing)) {
    throw new CliError("client", `No such key '${key}' in existing config, please confirm whether it is a valid config file. May back up this config file, delete it and retry the command.`);
  }
  const list = existing[key];
  if (!list || list.length === 0) {
    existing[key] = incoming;
    return;
  }
  for (const entry of incoming) {
    const i = list.findIndex((e) => e.name !== undefined && e.name === entry.name);
    if (i >= 0) {
      if (!overwrite && !isDeepStrictEqual(list[i], entry)) throw new CliError("client", `A different object named ${entry.name} already exists in ${key} in your kubeconfig file.`);
      list.splice(i, 1);
    }
    list.push(entry);
  }
}

export function mergeKubeconfig(o: { path: string; incoming: string; overwrite: boolean; context?: string }): string {
  const add = parse(o.incoming) as Kubeconfig;
  renameContext(add, o.context);
  if (!existsSync(o.path)) {
    mkdirSync(dirname(o.path), { recursive: true });
    closeSync(openSync(o.path, "w", 0o600));
  }
  let existing: Kubeconfig | null;
  try {
    existing = (parse(readFileSync(o.path, "utf8")) as Kubeconfig | null) ?? null;
  } catch (e) {
    throw new CliError("client", `Error parsing ${o.path} (${(e as Error).message})`);
  }
  if (existing === null) existing = add;
  else {
    mergeList(existing, add, "clusters", o.overwrite);
    mergeList(existing, add, "users", o.overwrite);
    mergeList(existing, add, "contexts", o.overwrite);
    existing["current-context"] = add["current-context"];
  }
  writeFileSync(o.path, renderYaml(existing));
  return String(add["current-context"] ?? "UNKNOWN");
}
