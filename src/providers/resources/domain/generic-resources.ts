// ARM's generic view of a tracked resource (GenericResourceExpanded, what Resources_List and
// Resources_ListByResourceGroup return and `az resource list` prints), pure and provider-neutral.
import { isObject, type Json } from "../../../arm/json.js";
import type { ServedNamespace } from "../../provider.js";

export type GenericResource = {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  [field: string]: unknown;
};

// A top-level resource of a group: exactly one /providers/{namespace}/{type}/{name} after the group.
const TOP_LEVEL = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;
// GenericResource's optional top-level fields, in the order az prints them.
const ARM_FIELDS = ["tags", "sku", "kind", "managedBy", "plan", "identity", "extendedLocation"] as const;

/**
 * The generic view of a stored document, or undefined when it is not a top-level tracked resource.
 * Records keep their ARM id in `id` (arm/ids.ts) and `location` at the top; the caller's other
 * top-level fields either at the top or, when the record has one, in `envelope` (a record's own
 * `kind` is its store discriminator, so `kind` is read from `envelope` only). Namespace and type
 * take the casing the provider declares.
 */
export function genericResource(doc: unknown, catalog: readonly ServedNamespace[]): (GenericResource & { resourceGroup: string }) | undefined {
  if (!isObject(doc) || typeof doc["id"] !== "string") return undefined;
  const m = TOP_LEVEL.exec(doc["id"]);
  if (!m) return undefined;
  const [, resourceGroup, ns, type, name] = m as unknown as [string, string, string, string, string];
  const served = catalog.find((s) => s.namespace.toLowerCase() === ns.toLowerCase());
  const servedType = served ? Object.keys(served.types).find((t) => t.toLowerCase() === type.toLowerCase()) : undefined;
  const envelope: Json | undefined = isObject(doc["envelope"]) ? doc["envelope"] : undefined;
  const out: GenericResource & { resourceGroup: string } = { id: doc["id"], name, type: `${served?.namespace ?? ns}/${servedType ?? type}`, resourceGroup };
  if (typeof doc["location"] === "string") out.location = doc["location"];
  for (const field of ARM_FIELDS) {
    const value = envelope ? envelope[field] : field === "kind" ? undefined : doc[field];
    if (value !== undefined && value !== null) (out as Json)[field] = value;
  }
  return out;
}

/** The wire form: `resourceGroup` is for filtering only (az derives its own from the id). */
export function renderGeneric(r: GenericResource & { resourceGroup: string }): GenericResource {
  const { resourceGroup: _, ...wire } = r;
  return wire;
}
