// The resource a write asks for, as policy evaluates it: the request body with the identity ARM
// gives it from the path (id, type, name) and, for a PATCH, laid over the resource as it is.
import type { PolicyView, ServedNamespace } from "../../../provider.js";
import type { Json } from "./records.js";

const isJson = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** ARM normalises "East US" to "eastus" before policy reads it. */
const location = (v: unknown) => (typeof v === "string" ? v.replace(/\s+/g, "").toLowerCase() : undefined);

/** The resource name ARM's messages use: parent/child for a child resource (its fullName). */
export function resourceName(id: string): string {
  const at = id.toLowerCase().lastIndexOf("/providers/");
  const parts = id.split("/").filter(Boolean);
  if (at < 0) return parts[parts.length - 1] ?? id;
  const rest = id.slice(at + "/providers/".length).split("/").filter(Boolean).slice(1);
  return rest.filter((_, i) => i % 2 === 1).join("/");
}

/**
 * A resource type in the casing its provider declares ("microsoft.resources/subscriptions/resourcegroups"
 * from a lower-case path reads "Microsoft.Resources/subscriptions/resourceGroups"), as policy
 * prints it in its evaluation details; a segment no provider declares keeps the caller's casing.
 */
export function canonicalType(type: string, catalog: readonly ServedNamespace[]): string {
  const [ns, ...segments] = type.split("/");
  const served = catalog.find((c) => c.namespace.toLowerCase() === ns!.toLowerCase());
  if (!served) return type;
  const declared = Object.keys(served.types).flatMap((t) => t.split("/"));
  return [served.namespace, ...segments.map((s) => declared.find((d) => d.toLowerCase() === s.toLowerCase()) ?? s)].join("/");
}

/** A stored document's view when its provider gives none: ARM's generic resource fields (top level, or its envelope). */
export function genericView(id: string, type: string, doc: object): PolicyView {
  const d = doc as Json;
  const envelope = isJson(d["envelope"]) ? d["envelope"] : d;
  const tags = envelope["tags"] ?? d["tags"];
  return {
    id,
    type,
    name: id.split("/").filter(Boolean).pop() ?? id,
    ...(typeof d["location"] === "string" ? { location: location(d["location"])! } : {}),
    ...(isJson(tags) ? { tags: tags as Record<string, string> } : {}),
    ...(isJson(envelope["sku"]) ? { sku: envelope["sku"] } : {}),
    ...(typeof envelope["kind"] === "string" && envelope !== d ? { kind: envelope["kind"] } : {}),
  };
}

/**
 * What a PUT (or a PATCH over `base`) of `id` asks for: the body's envelope fields and
 * properties, with the identity from the path. A PATCH replaces what it names (tags whole, as
 * ARM's PATCH does) and keeps the rest.
 */
export function requestView(input: { id: string; type: string; body: unknown; base?: PolicyView }): PolicyView {
  const body = isJson(input.body) ? input.body : {};
  const base: Partial<PolicyView> = input.base ?? {};
  const view: PolicyView = { ...base, id: input.id, type: input.type, name: input.id.split("/").filter(Boolean).pop() ?? input.id };
  const loc = location(body["location"]);
  if (loc !== undefined) view.location = loc;
  if (isJson(body["tags"])) view.tags = body["tags"] as Record<string, string>;
  if (typeof body["kind"] === "string") view.kind = body["kind"];
  for (const f of ["sku", "identity", "zones"] as const) if (body[f] !== undefined) view[f] = body[f];
  if (typeof body["managedBy"] === "string") view.managedBy = body["managedBy"];
  if (isJson(body["properties"])) view.properties = { ...(base.properties ?? {}), ...body["properties"] };
  return view;
}
