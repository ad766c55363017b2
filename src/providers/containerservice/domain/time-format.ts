// Time as AKS prints it in its messages.

/** RFC 3339 without fractional seconds, as in "started at '2024-02-21T13:33:55Z'". */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

let lastMs = NaN;
let lastStamp = "";

/** ARM timestamps with 7 fractional digits, as the REST examples show ("2023-07-26T12:14:26.3179428Z"). */
export function armTimestamp(ms: number): string {
  // Renders of one moment ask for the same instant many times (a cluster's systemData, its pools'):
  // the last answer is kept. toISOString always ends ".sssZ".
  if (ms !== lastMs) {
    lastStamp = `${new Date(ms).toISOString().slice(0, -1)}0000Z`;
    lastMs = ms;
  }
  return lastStamp;
}

const two = (n: number) => String(n).padStart(2, "0");

/** Elapsed time as AKS prints it: '00:30:28', or '7 days and 01:16:37' from one day on. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const clock = `${two(Math.floor((total % 86400) / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  return days > 0 ? `${days} days and ${clock}` : clock;
}
