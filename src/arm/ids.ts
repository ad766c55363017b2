// ARM resource ids as store keys. ARM compares ids case-insensitively and keeps the caller's
// casing in responses, so records are keyed by the lower-cased id and keep the original in `id`.
// Parents come from the id itself, so the store can list children of any provider's resources
// without knowing the provider.

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const subscriptionKey = (sub: string) => `/subscriptions/${sub}`.toLowerCase();
export const groupKey = (sub: string, rg: string) => `/subscriptions/${sub}/resourcegroups/${rg}`.toLowerCase();

/**
 * The key a resource is listed under: a child resource under its parent resource, a top-level
 * resource under its group, a group under its subscription. `undefined` for a subscription.
 * Keys are lower-case already. String scans, not split/join: the store calls this on every write.
 */
export function parentKey(key: string): string | undefined {
  const beforeName = key.lastIndexOf("/");
  const beforeType = beforeName > 0 ? key.lastIndexOf("/", beforeName - 1) : -1;
  if (beforeType <= 0) return undefined;
  const parent = key.slice(0, beforeType);
  // ".../providers/<namespace>" is not a resource: a top-level resource belongs to the group.
  const beforeNamespace = parent.lastIndexOf("/");
  const beforeProviders = beforeNamespace > 0 ? parent.lastIndexOf("/", beforeNamespace - 1) : -1;
  return beforeProviders >= 0 && parent.slice(beforeProviders + 1, beforeNamespace) === "providers" ? parent.slice(0, beforeProviders) : parent;
}

/**
 * The key a resource is also listed under by type: `/subscriptions/{sub}/providers/{ns}/{type}[/{childType}...]`
 * (lower-case), so a subscription's resources of one type list without walking its groups
 * (ARM's list-by-subscription, a provider's usage over all its resources). `undefined` for keys
 * outside a provider (subscriptions, groups).
 */
export function typeListKey(key: string): string | undefined {
  const at = key.indexOf("/providers/");
  if (at < 0 || !key.startsWith("/subscriptions/")) return undefined;
  const subEnd = key.indexOf("/", "/subscriptions/".length);
  // After "/providers/": namespace/type/name[/childType/childName...]. Kept: the namespace and every
  // type. Scanned, not split: a restart indexes every resource (issue 12: 10,000 clusters' worth).
  const start = at + "/providers/".length;
  let out = `${key.slice(0, subEnd)}/providers/`;
  let segment = 0;
  for (let from = start, i = start; i <= key.length; i++) {
    if (i < key.length && key.charCodeAt(i) !== 47 /* "/" */) continue;
    if (segment === 0) out += key.slice(from, i);
    else if (segment % 2 === 1) out += `/${key.slice(from, i)}`;
    segment++;
    from = i + 1;
  }
  return segment < 3 || segment % 2 === 0 ? undefined : out;
}

/** A subscription's list of one type in one location (typeListKey's, then `@{location}`): what a regional limit counts. */
export const locatedTypeListKey = (typeList: string, location: string) => `${typeList}@${location.toLowerCase()}`;

/**
 * The store groups a resource is listed under: its parent, its subscription's list of its type, and
 * (for a document with a `location`) that list in its location, which the store counts in O(1).
 */
export function resourceListings(key: string, value?: unknown): string | readonly string[] | undefined {
  const parent = parentKey(key);
  const typed = typeListKey(key);
  if (typed === undefined) return parent;
  const location = typeof value === "object" && value !== null ? (value as { location?: unknown }).location : undefined;
  const located = typeof location === "string" && location !== "" ? locatedTypeListKey(typed, location) : undefined;
  if (parent === undefined) return located === undefined ? typed : [typed, located];
  return located === undefined ? [parent, typed] : [parent, typed, located];
}
