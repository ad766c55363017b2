// Stable ids from strings, pure: what Azure would draw at random (vmIds, etags, zone names,
// addresses), derived instead, so the same world always has the same ids.

/** FNV-1a over a string, from a given basis. */
export function fnv1a(seed: string, basis: number): number {
  let h = basis >>> 0;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** A stable, GUID-shaped id (version 4, variant a) derived from `seed`. */
export function stableGuid(seed: string): string {
  const hex = [2166136261, 84696351, 3735928559, 305419896].map((b) => fnv1a(seed, b).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
