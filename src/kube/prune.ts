// The worlds of deleted clusters leave the store: every document of the world's group (its
// objects, keyed `{world}/{type}/{ns}/{name}`, and its own resourceVersion document, keyed by the id).
import type { StoredObject, StoredWorld } from "./world.js";

/** The stored worlds whose cluster no longer exists. */
export const staleWorlds = (stored: readonly string[], live: ReadonlySet<string>): string[] => stored.filter((id) => !live.has(id));

/** The deletes that remove world `id`, whose documents are `docs`. */
export function worldDeletes(id: string, docs: readonly (StoredObject | StoredWorld)[]): [string, undefined][] {
  return docs.map((d): [string, undefined] => ["type" in d ? `${id}/${d.type}/${String(d.object["metadata"] && (d.object["metadata"] as Record<string, unknown>)["namespace"] || "")}/${String((d.object["metadata"] as Record<string, unknown> | undefined)?.["name"] ?? "")}` : id, undefined]);
}
