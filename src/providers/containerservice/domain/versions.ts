// Kubernetes versions offered in every region, and AKS's upgrade rules between them.
export type VersionInfo = { version: string; isPreview: boolean; isDefault: boolean; lts: boolean };

const MINORS: readonly { minor: string; patches: readonly string[]; isPreview?: boolean; isDefault?: boolean; lts?: boolean }[] = [
  { minor: "1.31", patches: ["1.31.10", "1.31.11"], lts: true },
  { minor: "1.32", patches: ["1.32.6", "1.32.7"] },
  { minor: "1.33", patches: ["1.33.2", "1.33.3"], isDefault: true },
  { minor: "1.34", patches: ["1.34.0", "1.34.1"] },
  { minor: "1.35", patches: ["1.35.0"], isPreview: true },
];

export const SUPPORTED_MINORS = MINORS;
export const ALL_PATCHES: readonly string[] = MINORS.flatMap((m) => m.patches);
export const DEFAULT_VERSION = MINORS.find((m) => m.isDefault)!.patches.at(-1)!;

export type Semver = { major: number; minor: number; patch: number | undefined };

export function parseVersion(v: string): Semver | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) };
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a)!;
  const y = parseVersion(b)!;
  return x.major - y.major || x.minor - y.minor || (x.patch ?? 0) - (y.patch ?? 0);
}

/** "1.33" → latest supported 1.33 patch; "1.33.2" → itself if supported; otherwise undefined. */
export function resolveVersion(requested: string): string | undefined {
  const v = parseVersion(requested);
  if (!v) return undefined;
  const minor = MINORS.find((m) => m.minor === `${v.major}.${v.minor}`);
  if (!minor) return undefined;
  if (v.patch === undefined) return minor.patches.at(-1);
  return minor.patches.includes(requested.trim()) ? requested.trim() : undefined;
}

export function minorOf(version: string): number {
  return parseVersion(version)?.minor ?? 0;
}

/** AKS offers newer patches of the same minor and every patch of the next minor, newest first. */
export function availableUpgrades(current: string): string[] {
  const c = parseVersion(current);
  if (!c) return [];
  return ALL_PATCHES.filter((p) => {
    const v = parseVersion(p)!;
    if (v.major !== c.major) return false;
    if (v.minor === c.minor) return (v.patch ?? 0) > (c.patch ?? 0);
    return v.minor === c.minor + 1;
  }).sort((a, b) => compareVersions(b, a));
}

export type UpgradeCheck = { ok: true } | { ok: false; reason: "downgrade" | "skipsMinor" };

export function checkUpgrade(from: string, to: string): UpgradeCheck {
  if (compareVersions(to, from) === 0) return { ok: true };
  if (compareVersions(to, from) < 0) return { ok: false, reason: "downgrade" };
  return availableUpgrades(from).includes(to) ? { ok: true } : { ok: false, reason: "skipsMinor" };
}

export function versionInfos(): VersionInfo[] {
  return MINORS.flatMap((m) => m.patches.map((p) => ({ version: p, isPreview: m.isPreview ?? false, isDefault: (m.isDefault ?? false) && p === m.patches.at(-1), lts: m.lts ?? false })));
}
