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
