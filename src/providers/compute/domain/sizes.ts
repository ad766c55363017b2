// What Compute knows of a VM size from its name: vCPUs, memory and the quota family it counts
// against. Azure's size names are regular (Standard_<series><vCPUs><features>[_<version>]), so this
// is a model read off the name rather than a table; the few series whose numbers are not vCPU
// counts (D/DS v2, GPU sizes) are listed. Figures follow Azure's size pages; memory is a model.

export type SizeFacts = {
  /** Canonical name, e.g. Standard_DS2_v2. */
  name: string;
  /** The name without "Standard_", as ResourceSku.size shows it. */
  size: string;
  vCPUs: number;
  memoryGB: number;
  /** The quota family (Usage name.value), e.g. standardDSv2Family. */
  family: string;
  /** Its localized name, e.g. "Standard DSv2 Family vCPUs". */
  familyDisplay: string;
  premiumIO: boolean;
  arm64: boolean;
};

const NAME = /^standard_([a-z]+?)(\d+)([a-z]*)(?:_(.+))?$/i;

/** D/DS v2 numbering: 1-5 and 11-15 are not vCPU counts. */
const DV2: Readonly<Record<number, [vCPUs: number, memoryGB: number]>> = {
  1: [1, 3.5], 2: [2, 7], 3: [4, 14], 4: [8, 28], 5: [16, 56],
  11: [2, 14], 12: [4, 28], 13: [8, 56], 14: [16, 112], 15: [20, 140],
};

/** GPU sizes: vCPUs and memory as Azure lists them. */
const GPU: Readonly<Record<string, [vCPUs: number, memoryGB: number]>> = {
  standard_nc6s_v3: [6, 112], standard_nc12s_v3: [12, 224], standard_nc24s_v3: [24, 448],
  standard_nc4as_t4_v3: [4, 28], standard_nc8as_t4_v3: [8, 56], standard_nc16as_t4_v3: [16, 110], standard_nc64as_t4_v3: [64, 440],
  standard_nc24ads_a100_v4: [24, 220], standard_nc48ads_a100_v4: [48, 440], standard_nc96ads_a100_v4: [96, 880],
};

/** B-series v1 (B1s, B2ms, ...): one family, memory per size. */
const BV1: Readonly<Record<string, number>> = { "1s": 1, "2s": 4, "1ms": 2, "2ms": 8, "4ms": 16, "8ms": 32, "12ms": 48, "16ms": 64, "20ms": 80 };

/** GiB of memory per vCPU by series and features, for the regular families. */
function memoryPerVcpu(series: string, features: string): number {
  if (series === "E") return 8;
  if (series === "F") return features.includes("a") ? 4 : 2;
  if (series === "B") return features.startsWith("l") ? 2 : 4;
  return 4;
}

/** Families Azure names outside the regular pattern (Usage_List names them so). */
const FAMILY_EXCEPTIONS: readonly [RegExp, string, string][] = [
  [/^standard_nc\d+as_t4_v3$/i, "Standard NCASv3_T4 Family", "Standard NCASv3_T4 Family vCPUs"],
  [/^standard_nc\d+ads_a100_v4$/i, "StandardNCADSA100v4Family", "Standard NCADS_A100_v4 Family vCPUs"],
  [/^standard_b\d+m?s$/i, "standardBSFamily", "Standard BS Family vCPUs"],
];

// Every allocation asks for the facts of every scale set's size: parse each name once.
const known = new Map<string, SizeFacts | undefined>();

/** The facts of a size, or undefined for a name that is no Azure size pattern. */
export function sizeFacts(name: string): SizeFacts | undefined {
  if (known.has(name)) return known.get(name);
  const facts = parseSize(name);
  if (known.size < 10_000) known.set(name, facts);
  return facts;
}

function parseSize(name: string): SizeFacts | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, rawSeries, digits, rawFeatures, rawVersion] = m as unknown as [string, string, string, string, string | undefined];
  const series = rawSeries.toUpperCase();
  const features = rawFeatures.toLowerCase();
  const n = Number(digits);
  const lower = name.toLowerCase();
  let vCPUs = n;
  let memoryGB = n * memoryPerVcpu(series, features);
  if (GPU[lower]) [vCPUs, memoryGB] = GPU[lower];
  else if ((series === "D" || series === "DS") && rawVersion?.toLowerCase() === "v2") {
    const dv2 = DV2[n];
    if (!dv2) return undefined;
    [vCPUs, memoryGB] = dv2;
  } else if (series === "B" && rawVersion === undefined) {
    const mem = BV1[`${n}${features}`];
    if (mem === undefined) return undefined;
    memoryGB = mem;
  }
  const version = rawVersion ? rawVersion.replace(/_/g, "") : "";
  const exception = FAMILY_EXCEPTIONS.find(([re]) => re.test(name));
  // Regular families: standard<SERIES><FEATURES><version>Family (standardDSv2Family, standardDADSv5Family);
  // the B v2 families keep lower-case features (standardBsv2Family).
  const featureText = series === "B" ? features : features.toUpperCase();
  const core = `${series}${featureText}${version}`;
  const family = exception?.[1] ?? `standard${core}Family`;
  const familyDisplay = exception?.[2] ?? `Standard ${core} Family vCPUs`;
  const canonical = `Standard_${rawSeries}${digits}${rawFeatures}${rawVersion ? `_${rawVersion}` : ""}`;
  return {
    name: canonical,
    size: canonical.slice("Standard_".length),
    vCPUs,
    memoryGB,
    family,
    familyDisplay,
    premiumIO: series === "DS" || features.includes("s"),
    arm64: features.includes("p"),
  };
}
