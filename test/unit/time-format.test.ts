import assert from "node:assert/strict";
import { test } from "node:test";
import { armTimestamp, formatElapsed, rfc3339Seconds } from "../../src/providers/containerservice/domain/time-format.js";

test("elapsed time prints as AKS prints it (seed 000)", () => {
  const cases: [number, string][] = [
    [0, "00:00:00"],
    [999, "00:00:00"],
    [(30 * 60 + 28) * 1000, "00:30:28"],
    [(23 * 3600 + 59 * 60 + 59) * 1000, "23:59:59"],
    [86400_000, "1 days and 00:00:00"],
    [((7 * 24 + 1) * 3600 + 16 * 60 + 37) * 1000, "7 days and 01:16:37"],
    [-5000, "00:00:00"],
  ];
  for (const [ms, expected] of cases) assert.equal(formatElapsed(ms), expected, `${ms} ms`);
});

test("timestamps: seconds precision in messages, 7 fractional digits on the wire", () => {
  const t = Date.parse("2024-02-21T13:33:55.789Z");
  assert.equal(rfc3339Seconds(t), "2024-02-21T13:33:55Z");
  assert.equal(armTimestamp(t), "2024-02-21T13:33:55.7890000Z");
});
