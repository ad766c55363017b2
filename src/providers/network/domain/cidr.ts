// IPv4 prefixes in CIDR notation, pure: parsing, containment, overlap, and the addresses a subnet
// offers (Azure keeps five of every subnet: the network address, the first three hosts for its
// gateway and DNS, and the broadcast address).

export type Cidr = { text: string; base: number; bits: number; size: number };

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Addresses Azure reserves in every subnet. */
export const AZURE_RESERVED = 5;

/** A prefix as written, or undefined when it is no IPv4 CIDR (the base may still have host bits set). */
export function parseCidr(text: string): Cidr | undefined {
  const m = OCTETS.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (parts.some((p) => p > 255) || bits > 32) return undefined;
  const base = (((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) >>> 0;
  return { text: text.trim(), base, bits, size: 2 ** (32 - bits) };
}

/** The network address of a prefix (its base with the host bits cleared). */
export const networkOf = (c: Cidr): number => (c.bits === 0 ? 0 : (c.base & (~0 << (32 - c.bits))) >>> 0);

/** True when the base has no host bits set (10.0.0.0/24, not 10.0.0.1/24). */
export const isCanonical = (c: Cidr): boolean => networkOf(c) === c.base;

export function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

/** The prefix as it should have been written (for InvalidCIDRNotation's hint). */
export const canonicalText = (c: Cidr): string => `${formatAddress(networkOf(c))}/${c.bits}`;

export function contains(outer: Cidr, inner: Cidr): boolean {
  const o = networkOf(outer);
  const i = networkOf(inner);
  return inner.bits >= outer.bits && i >= o && i + inner.size <= o + outer.size;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const x = networkOf(a);
  const y = networkOf(b);
  return x < y + b.size && y < x + a.size;
}

/** The addresses a subnet of this prefix hands out (never negative: a /30 has none left). */
export const usableAddresses = (c: Cidr): number => Math.max(0, c.size - AZURE_RESERVED);

/** The n-th address a subnet hands out (the first is its fourth host: .4 in a /24). */
export const nthUsable = (c: Cidr, n: number): string => formatAddress(networkOf(c) + 4 + n);
