// Zone names as Azure DNS judges them, pure: enough labels, and when two zones' namespaces
// overlap (one vnet may not be linked to both: the same name, or one a suffix of the other at a
// label boundary, as "privatelink.eastus.azmk8s.io" and "{guid}.privatelink.eastus.azmk8s.io").

const normal = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

/** A zone name needs two or more labels ("contoso" alone is refused). */
export const hasEnoughLabels = (name: string) => normal(name).split(".").filter((l) => l !== "").length >= 2;

export function overlaps(a: string, b: string): boolean {
  const x = normal(a);
  const y = normal(b);
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/** A record set's name relative to its zone, as Azure DNS keeps it ("@" is the apex). */
export const recordName = (name: string) => name.toLowerCase();

/** The record set's FQDN with its trailing dot, as Azure DNS shows it. */
export const recordFqdn = (name: string, zone: string) => (name === "@" ? `${normal(zone)}.` : `${name.toLowerCase()}.${normal(zone)}.`);
