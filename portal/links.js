// Hashes of the portal's views, so every view has a URL.

/** The hash of a view, e.g. href("/subscriptions", sub, "resourceGroups", rg). */
export const href = (...parts) => `#${parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join("/")}`;

/** A cluster's view: "" (overview), "activitylog", "diagnose", "runcommand". */
export const clusterHref = (p, view = "") => `#${p.id}${view ? `/${view}` : ""}`;

/** The ids ARM answers, split: { sub, rg, name } of a managed cluster id, or undefined. */
export function clusterOf(id) {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i.exec(id);
  return m ? { sub: m[1], rg: m[2], name: m[3], id } : undefined;
}
