// Merges a cluster's kubeconfig into a kubeconfig file as `az aks get-credentials` does: clusters,
// users and contexts by name; a different entry of the same name is an error unless
// --overwrite-existing; the new context becomes current.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse, stringify } from "yaml";
import { CliError } from "../errors.js";

type Named = { name: string; [k: string]: unknown };
type Kubeconfig = { apiVersion?: string; kind?: string; clusters?: Named[]; contexts?: Named[]; users?: Named[]; "current-context"?: string; preferences?: unknown };

export function mergeKubeconfig(o: { path: string; incoming: string; overwrite: boolean; context?: string }): string {
  const add = parse(o.incoming) as Kubeconfig;
  if (o.context) {
    // az renames the context and the cluster entry it points at.
    for (const c of add.clusters ?? []) c.name = o.context;
    for (const c of add.contexts ?? []) {
      c.name = o.context;
      (c["context"] as Record<string, unknown>)["cluster"] = o.context;
    }
    add["current-context"] = o.context;
  }
  let existing: Kubeconfig = { apiVersion: "v1", kind: "Config", clusters: [], contexts: [], users: [], preferences: {} };
  if (existsSync(o.path)) {
    const text = readFileSync(o.path, "utf8");
    if (text.trim() !== "") {
      try {
        existing = (parse(text) as Kubeconfig) ?? existing;
      } catch (e) {
        throw new CliError("client", `Failed to load ${o.path}: ${(e as Error).message}`);
      }
    }
  }
  for (const key of ["clusters", "users", "contexts"] as const) {
    const list = [...(existing[key] ?? [])];
    for (const entry of add[key] ?? []) {
      const i = list.findIndex((e) => e.name === entry.name);
      if (i < 0) list.push(entry);
      else if (JSON.stringify(list[i]) !== JSON.stringify(entry)) {
        if (!o.overwrite) throw new CliError("client", `A different object named ${entry.name} already exists in ${key} in your kubeconfig file.`);
        list[i] = entry;
      }
    }
    existing[key] = list;
  }
  existing["current-context"] = add["current-context"];
  mkdirSync(dirname(o.path), { recursive: true });
  writeFileSync(o.path, stringify(existing), { mode: 0o600 });
  chmodSync(o.path, 0o600);
  return String(add["current-context"]);
}
