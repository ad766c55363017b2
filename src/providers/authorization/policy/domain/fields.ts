// What a policy rule's `field` reads from a resource: the plain fields (name, fullName, type,
// location, kind, id, tags, tags['x'], identity.type) and aliases ("<type>/<path>", e.g.
// "Microsoft.Compute/virtualMachineScaleSets/sku.name"). An alias applies to the resource type it
// starts with; its path is the wire path: the ARM envelope's own fields at the top, the rest under
// `properties` (Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].vmSize reads
// properties.agentPoolProfiles[*].vmSize), except the few aliases whose path is elsewhere.
import type { PolicyView } from "../../../provider.js";

/**
 * A field as read: `value` (undefined when the resource has no such field), the wire `path` (as
 * ARM's evaluation details print it) and, for a `[*]` alias, `each`: one value per array member.
 */
export type FieldValue = { value: unknown; path: string; each?: unknown[] };

// The ARM envelope's fields an alias path may start with; anything else is under `properties`.
const TOP = new Set(["id", "name", "type", "location", "tags", "kind", "sku", "identity", "zones", "managedby", "plan", "extendedlocation"]);

// Real aliases whose path is not the generic one (ARM's alias table; the evaluation details of
// karpenter-provider-azure#794 show sku.name of a VM at properties.hardwareProfile.vmSize).
const ALIAS_PATHS: Record<string, string> = {
  "microsoft.compute/virtualmachines/sku.name": "properties.hardwareProfile.vmSize",
  "microsoft.compute/virtualmachines/imagepublisher": "properties.storageProfile.imageReference.publisher",
  "microsoft.compute/virtualmachines/imageoffer": "properties.storageProfile.imageReference.offer",
  "microsoft.compute/virtualmachines/imagesku": "properties.storageProfile.imageReference.sku",
};

/** `key` of `o`, matched case-insensitively as ARM matches property names. */
export function member(o: unknown, key: string): unknown {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  const rec = o as Record<string, unknown>;
  if (key in rec) return rec[key];
  const found = Object.keys(rec).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : rec[found];
}

/** Path segments: "a.b[*].c" → ["a", "b", "[*]", "c"]; "tags['x y']" → ["tags", "x y"]. */
export function segments(path: string): string[] {
  const out: string[] = [];
  const re = /\[\*\]|\['((?:[^']|'')*)'\]|\[([^\]]*)\]|([^.[\]]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[0] === "[*]") out.push("[*]");
    else out.push(m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? m[3]!));
  }
  return out;
}

/** Walks `path` from `root`; each `[*]` fans out over an array (undefined `each` when there is none). */
export function walk(root: unknown, path: readonly string[]): { value: unknown; each?: unknown[] } {
  let values: unknown[] = [root];
  let fanned = false;
  for (const seg of path) {
    if (seg === "[*]") {
      fanned = true;
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    } else values = values.map((v) => member(v, seg));
  }
  if (!fanned) return { value: values[0] };
  // An array that is not there at all reads as a missing field, not as an empty one.
  const first = path.indexOf("[*]");
  const base = walk(root, path.slice(0, first)).value;
  return Array.isArray(base) ? { value: values, each: values } : { value: undefined };
}

const fullName = (view: PolicyView) => {
  // parent/child for a child resource: the names after the provider namespace.
  const m = /\/providers\/[^/]+\/(.+)$/i.exec(view.id);
  if (!m) return view.name;
  return m[1]!.split("/").filter((_, i) => i % 2 === 1).join("/");
};

/** The wire path an alias reads on `type`, or undefined when the alias is for another type. */
export function aliasPath(alias: string, type: string): string | undefined {
  const lower = alias.toLowerCase();
  const prefix = `${type.toLowerCase()}/`;
  if (!lower.startsWith(prefix)) return undefined;
  const special = ALIAS_PATHS[lower];
  if (special) return special;
  const rest = alias.slice(prefix.length);
  const first = segments(rest)[0]?.toLowerCase() ?? "";
  return TOP.has(first) ? rest : `properties.${rest}`;
}

/** Reads `field` of `view` (see FieldValue). An alias of another type reads as missing, with its own name as path. */
export function readField(view: PolicyView, field: string): FieldValue {
  const lower = field.toLowerCase();
  switch (lower) {
    case "name":
      return { value: view.name, path: "name" };
    case "fullname":
      return { value: fullName(view), path: "fullName" };
    case "type":
      return { value: view.type, path: "type" };
    case "location":
      return { value: view.location, path: "location" };
    case "kind":
      return { value: view.kind, path: "kind" };
    case "id":
      return { value: view.id, path: "id" };
    case "tags":
      return { value: view.tags, path: "tags" };
    case "identity.type":
      return { value: member(view.identity, "type"), path: "identity.type" };
    case "identity.userassignedidentities":
      return { value: member(view.identity, "userAssignedIdentities"), path: "identity.userAssignedIdentities" };
  }
  const tag = /^tags(?:\['((?:[^']|'')*)'\]|\[([^\]]*)\]|\.(.+))$/i.exec(field);
  if (tag) {
    const name = tag[1] !== undefined ? tag[1].replace(/''/g, "'") : (tag[2] ?? tag[3]!);
    return { value: member(view.tags, name), path: `tags.${name}` };
  }
  const path = field.includes("/") ? aliasPath(field, view.type) : undefined;
  if (path === undefined) return { value: undefined, path: field };
  const read = walk(view, segments(path));
  return { value: read.value, path, ...(read.each ? { each: read.each } : {}) };
}
