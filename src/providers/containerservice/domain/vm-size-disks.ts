// How large an ephemeral OS disk each VM size can hold: its cache disk, or, for sizes without one,
// its temporary disk (AKS places ephemeral OS disks there since DiffDiskPlacement, Azure/AKS#2672).
// Sizes with neither (B-series, v4/v5/v6 sizes without a "d") hold none (Azure/AKS#2068, #2699).
// Figures follow Azure's size tables (cache, else temp, in GiB), as a model: AKS reports them in
// bytes (Standard_DS2_v2: 92341796864 = 86 GiB, rancher/rancher#33679).
import { canonicalVmSize } from "./vm-sizes.js";

const GIB = 2 ** 30;

/** Families whose local disk grows with the vCPU count in the name: GiB per vCPU. */
const PER_VCPU: readonly [RegExp, number][] = [
  [/^standard_d(\d+)s?_v3$/, 25],
  [/^standard_d(\d+)as_v4$/, 25],
  [/^standard_d(\d+)a?ds_v[45]$/, 37.5],
  [/^standard_d(\d+)a?ds_v6$/, 55],
  [/^standard_e(\d+)s?_v3$/, 25],
  [/^standard_e(\d+)as_v4$/, 25],
  [/^standard_e(\d+)ds_v[45]$/, 37.5],
  [/^standard_f(\d+)s$/, 12],
  [/^standard_f(\d+)s_v2$/, 16],
];

/** Sizes whose name does not give the figure (DS/D v2 numbering, GPU sizes), in GiB. */
const BY_SIZE: Readonly<Record<string, number>> = {
  standard_ds1_v2: 43, standard_ds2_v2: 86, standard_ds3_v2: 172, standard_ds4_v2: 344, standard_ds5_v2: 688,
  standard_ds11_v2: 72, standard_ds12_v2: 144, standard_ds13_v2: 288, standard_ds14_v2: 576, standard_ds15_v2: 720,
  standard_d1_v2: 50, standard_d2_v2: 100, standard_d3_v2: 200, standard_d4_v2: 400, standard_d5_v2: 800,
  standard_d11_v2: 100, standard_d12_v2: 200, standard_d13_v2: 400, standard_d14_v2: 800, standard_d15_v2: 1000,
  standard_nc6s_v3: 736, standard_nc12s_v3: 1474, standard_nc24s_v3: 2948,
  standard_nc8as_t4_v3: 352, standard_nc16as_t4_v3: 352, standard_nc64as_t4_v3: 2880,
  standard_nc24ads_a100_v4: 64, standard_nc48ads_a100_v4: 128, standard_nc96ads_a100_v4: 256,
};

/** Figures AKS was seen to report in bytes, kept as reported (Azure/AKS#2635: 144 GiB, not the documented 180). */
const BYTES: Readonly<Record<string, number>> = { standard_nc4as_t4_v3: 154619000000 };

/** The bytes of ephemeral OS disk `vmSize` can hold: 0 for a size without a cache or temp disk, or an unknown one. */
export function ephemeralCapacityBytes(vmSize: string): number {
  if (canonicalVmSize(vmSize) === undefined) return 0;
  const lower = vmSize.toLowerCase();
  if (BYTES[lower] !== undefined) return BYTES[lower];
  if (BY_SIZE[lower] !== undefined) return BY_SIZE[lower] * GIB;
  for (const [family, perVcpu] of PER_VCPU) {
    const m = family.exec(lower);
    if (m) return Number(m[1]) * perVcpu * GIB;
  }
  return 0;
}

/** The bytes an OS disk of `gb` GB takes (AKS counts GiB: 128 GB is 137438953472 bytes). */
export const osDiskBytes = (gb: number) => gb * GIB;

/** Whether an ephemeral OS disk of `gb` GB fits on `vmSize`'s cache or temp disk. */
export const ephemeralFits = (vmSize: string, gb: number) => osDiskBytes(gb) <= ephemeralCapacityBytes(vmSize);
