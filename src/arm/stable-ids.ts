// Stable ids from strings, pure: what Azure would draw at random (vmIds, etags, zone names,
// addresses), derived instead, so the same world always has the same ids.

/** FNV-1a over a string, from a given basis. */
export function fnv1a(seed: string, basis: number): number {
  let h = basis >>> 0;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const hex8 = (h: number) => h.toString(16).padStart(8, "0");

/** A stable, GUID-shaped id (version 4, variant a) derived from `seed`. */
export function stableGuid(seed: string): string {
  // fnv1a from four bases in one pass over the string, code point by code point as fnv1a goes
  // (a surrogate pair contributes its high half only).
  let a = 2166136261,
    b = 84696351,
    c = 3735928559,
    d = 305419896;
  for (let i = 0; i < seed.length; i++) {
    const ch = seed.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < seed.length) {
      const next = seed.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    a = Math.imul(a ^ ch, 16777619) >>> 0;
    b = Math.imul(b ^ ch, 16777619) >>> 0;
    c = Math.imul(c ^ ch, 16777619) >>> 0;
    d = Math.imul(d ^ ch, 16777619) >>> 0;
  }
  const hex = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
