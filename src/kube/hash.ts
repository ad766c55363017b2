// Deterministic "random-looking" strings: names the controllers generate, container and image ids,
// pod IPs. FNV-1a, as client-go's pod-template-hash uses, expanded for longer digests.

export const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `n` hex digits derived from `text`. */
export function hexDigest(text: string, n = 64): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += fnv32a(`${i}:${text}`).toString(16).padStart(8, "0");
  return out.slice(0, n);
}

/** rand.SafeEncodeString of a 32-bit hash's decimal form: a pod-template-hash ("5d7c9b6f8"). */
export function templateHash(text: string): string {
  return [...String(fnv32a(text))].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join("");
}

/** The 5 characters the apiserver appends to a generateName, derived from `seed`. */
export function nameSuffix(seed: string): string {
  let h = fnv32a(seed);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += ALPHANUMS[h % ALPHANUMS.length];
    h = Math.floor(h / ALPHANUMS.length) ^ Math.imul(fnv32a(`${seed}#${i}`), 7);
    h >>>= 0;
  }
  return out;
}
