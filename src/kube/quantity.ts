// Kubernetes resource quantities ("100m", "1.5", "128Mi", "4565772Ki", "1e3") as numbers: CPU in
// millicores, everything else in base units, as the scheduler and kubelet compare them.

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** The quantity's value in base units, or undefined when it does not parse. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(v.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? ""]!;
}

/** A resource's amount in the scheduler's units: millicores for cpu, base units otherwise. */
export function amountOf(resource: string, v: unknown): number {
  const q = parseQuantity(v) ?? 0;
  return resource === "cpu" ? Math.ceil(q * 1000 - 1e-9) : Math.ceil(q - 1e-9);
}
