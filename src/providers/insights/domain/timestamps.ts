// Times in the activity log, pure: the ISO 8601 forms clients put in $filter (quoted or not, with
// or without a zone: az sends `2024-05-01T12:00:00.123456` for UTC and `...+00:00` from
// --start-time; a '+' a client forgot to encode arrives as a space), and ARM's 7-digit output form.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?| \d{2}:\d{2})?$/;

/** Milliseconds since the epoch, or undefined when `text` is not such a time. No zone means UTC. */
export function parseTimestamp(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(`${m[7] ?? ""}000`.slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(utc).getUTCDate() !== day) return undefined; // 2024-02-30
  const zone = m[8];
  if (zone === undefined || zone === "Z" || zone === "z") return utc;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.replace(/[^\d]/g, "");
  const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0");
  return utc - sign * offset * 60_000;
}

/** ARM's form: 7 fractional digits, as GetActivityLogsFiltered.json shows ("2015-01-21T22:14:26.9792776Z"). */
export function armTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/** .NET ticks (100 ns since 0001-01-01), the last segment of an event's id. */
export function ticks(ms: number): string {
  return (BigInt(Math.trunc(ms)) * 10_000n + 621_355_968_000_000_000n).toString();
}
