// How AKS compares a value a request names with the stored one, and shows values in messages.

// Values AKS echoes in a message are shown whole, except absurd ones: at most 64 characters.
export function shown(value: string): string {
  const chars = Array.from(value);
  return chars.length > 64 ? `${chars.slice(0, 61).join("")}...` : value;
}

export type Same = (given: unknown, stored: unknown) => boolean;
/** Case-insensitive text, `fallback` standing for an absent value (the default AKS applies). */
export const text = (fallback = ""): Same => (a, b) => String(a ?? fallback).toLowerCase() === String(b ?? fallback).toLowerCase();
export const flag: Same = (a, b) => Boolean(a ?? false) === Boolean(b ?? false);
export const num: Same = (a, b) => Number(a) === Number(b);
export const set: Same = (a, b) => {
  const norm = (v: unknown) => [...new Set((Array.isArray(v) ? v : []).map((x) => String(x).toLowerCase()))].sort().join(",");
  return norm(a) === norm(b);
};
