// The VM sizes aksemu knows: a realistic subset of the sizes Azure offers, the families commonly
// used with AKS (B, D/DS v2-v6, E, F, and a few GPU sizes), including the default Standard_DS2_v2
// and every size the REST spec's examples use (Standard_DS1_v2). Which locations and zones offer
// each one is vm-size-regions.ts; a name outside this list is no VM size at all.

/** "Standard_D{n}s_v5" over [2, 4] → ["Standard_D2s_v5", "Standard_D4s_v5"]. */
const family = (pattern: string, sizes: readonly number[]) => sizes.map((n) => pattern.replace("{n}", String(n)));

export const VM_SIZES: readonly string[] = [
  // B-series (burstable)
  ...family("Standard_B{n}s", [1, 2]),
  ...family("Standard_B{n}ms", [1, 2, 4, 8, 12, 16, 20]),
  ...family("Standard_B{n}s_v2", [2, 4, 8, 16, 32]),
  ...family("Standard_B{n}ls_v2", [2, 4, 8, 16, 32]),
  ...family("Standard_B{n}as_v2", [2, 4, 8, 16, 32]),
  // D-series v2 and DS-series v2 (Standard_DS2_v2 is AKS's default)
  ...family("Standard_D{n}_v2", [1, 2, 3, 4, 5, 11, 12, 13, 14, 15]),
  ...family("Standard_DS{n}_v2", [1, 2, 3, 4, 5, 11, 12, 13, 14, 15]),
  // D v3
  ...family("Standard_D{n}_v3", [2, 4, 8, 16, 32, 48, 64]),
  ...family("Standard_D{n}s_v3", [2, 4, 8, 16, 32, 48, 64]),
  // D v4
  ...family("Standard_D{n}_v4", [2, 4, 8, 16, 32, 48, 64]),
  ...family("Standard_D{n}s_v4", [2, 4, 8, 16, 32, 48, 64]),
  ...family("Standard_D{n}ds_v4", [2, 4, 8, 16, 32, 48, 64]),
  ...family("Standard_D{n}as_v4", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}ads_v4", [2, 4, 8, 16, 32, 48, 64, 96]),
  // D v5 (and Arm64 Dps v5)
  ...family("Standard_D{n}_v5", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}s_v5", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}ds_v5", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}as_v5", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}ads_v5", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}ps_v5", [2, 4, 8, 16, 32, 48, 64]),
  // D v6
  ...family("Standard_D{n}s_v6", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}ds_v6", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}as_v6", [2, 4, 8, 16, 32, 48, 64, 96]),
  ...family("Standard_D{n}ads_v6", [2, 4, 8, 16, 32, 48, 64, 96]),
  // E-series (memory optimized)
  ...family("Standard_E{n}_v3", [2, 4, 8, 16, 20, 32, 48, 64]),
  ...family("Standard_E{n}s_v3", [2, 4, 8, 16, 20, 32, 48, 64]),
  ...family("Standard_E{n}s_v4", [2, 4, 8, 16, 20, 32, 48, 64]),
  ...family("Standard_E{n}ds_v4", [2, 4, 8, 16, 20, 32, 48, 64]),
  ...family("Standard_E{n}as_v4", [2, 4, 8, 16, 20, 32, 48, 64, 96]),
  ...family("Standard_E{n}s_v5", [2, 4, 8, 16, 20, 32, 48, 64, 96]),
  ...family("Standard_E{n}ds_v5", [2, 4, 8, 16, 20, 32, 48, 64, 96]),
  ...family("Standard_E{n}as_v5", [2, 4, 8, 16, 20, 32, 48, 64, 96]),
  ...family("Standard_E{n}s_v6", [2, 4, 8, 16, 20, 32, 48, 64, 96]),
  // F-series (compute optimized)
  ...family("Standard_F{n}s", [1, 2, 4, 8, 16]),
  ...family("Standard_F{n}s_v2", [2, 4, 8, 16, 32, 48, 64, 72]),
  ...family("Standard_F{n}as_v6", [2, 4, 8, 16, 32, 48, 64]),
  // GPU sizes commonly used with AKS
  "Standard_NC6s_v3", "Standard_NC12s_v3", "Standard_NC24s_v3",
  "Standard_NC4as_T4_v3", "Standard_NC8as_T4_v3", "Standard_NC16as_T4_v3", "Standard_NC64as_T4_v3",
  "Standard_NC24ads_A100_v4", "Standard_NC48ads_A100_v4", "Standard_NC96ads_A100_v4",
];

const CANONICAL = new Map(VM_SIZES.map((s) => [s.toLowerCase(), s]));

/** Azure matches VM size names case-insensitively ("standard_ds2_v2" is Standard_DS2_v2). */
export function canonicalVmSize(vmSize: string): string | undefined {
  return CANONICAL.get(vmSize.toLowerCase());
}

/**
 * The sizes in the table above that have fewer than 2 vCPUs or less than 4 GiB of memory, with
 * Azure's published figures; every other size offered has at least 2 vCPUs and 4 GiB (the smallest
 * are Standard_B2s, Standard_B2ls_v2, Standard_F2s and Standard_F2s_v2: 2 vCPUs, 4 GiB). AKS
 * refuses these for System mode pools (SystemPoolSkuTooLow).
 */
const BELOW_SYSTEM_FLOOR: Readonly<Record<string, { vCPUs: number; memoryGiB: number }>> = {
  standard_b1s: { vCPUs: 1, memoryGiB: 1 },
  standard_b1ms: { vCPUs: 1, memoryGiB: 2 },
  standard_d1_v2: { vCPUs: 1, memoryGiB: 3.5 },
  standard_ds1_v2: { vCPUs: 1, memoryGiB: 3.5 },
  standard_f1s: { vCPUs: 1, memoryGiB: 2 },
};

/** AKS's floor for System pools: at least 2 vCPUs and 4 GiB of memory. */
export const SYSTEM_POOL_FLOOR = { vCPUs: 2, memoryGiB: 4 } as const;

/** Whether `vmSize` (an offered size) may host a System mode pool. */
export function meetsSystemPoolFloor(vmSize: string): boolean {
  const small = BELOW_SYSTEM_FLOOR[vmSize.toLowerCase()];
  return !small || (small.vCPUs >= SYSTEM_POOL_FLOOR.vCPUs && small.memoryGiB >= SYSTEM_POOL_FLOOR.memoryGiB);
}
