// Parents come from the ARM id: the store lists any provider's children without knowing it.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { groupKey, parentKey, subscriptionKey, typeListKey } from "../../src/arm/ids.js";

const MC = "/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/c1";
const cases: [key: string, parent: string | undefined][] = [
  ["/subscriptions/s", undefined],
  ["/subscriptions/s/resourcegroups/rg", "/subscriptions/s"],
  [MC, "/subscriptions/s/resourcegroups/rg"],
  [`${MC}/agentpools/p1`, MC],
  [`${MC}/agentpools/p1/machines/m1`, `${MC}/agentpools/p1`],
  ["/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-p1-1-vmss", "/subscriptions/s/resourcegroups/mc_rg"],
  ["/subscriptions/s/providers/microsoft.containerservice/locations/eastus", "/subscriptions/s"],
  ["principal/x", undefined],
];

for (const [key, parent] of cases) {
  test(`parentKey(${key}) = ${parent}`, () => assert.equal(parentKey(key), parent));
}

test("group and subscription keys are lower-case ids", () => {
  assert.equal(subscriptionKey("S-1"), "/subscriptions/s-1");
  assert.equal(groupKey("S-1", "My-RG"), "/subscriptions/s-1/resourcegroups/my-rg");
  assert.equal(parentKey(groupKey("S-1", "My-RG")), subscriptionKey("S-1"));
});

// typeListKey scans the key; the reference below splits it, as the first version did.
function typeListBySplit(key: string): string | undefined {
  const at = key.indexOf("/providers/");
  if (at < 0 || !key.startsWith("/subscriptions/")) return undefined;
  const rest = key.slice(at + "/providers/".length).split("/");
  if (rest.length < 3 || rest.length % 2 === 0) return undefined;
  return `${key.slice(0, key.indexOf("/", "/subscriptions/".length))}/providers/${[rest[0], ...rest.filter((_, i) => i % 2 === 1)].join("/")}`;
}

test("typeListKey: the namespace and every type; none for groups, subscriptions and ids a segment short", () => {
  assert.equal(typeListKey(MC), "/subscriptions/s/providers/microsoft.containerservice/managedclusters");
  assert.equal(typeListKey(`${MC}/agentpools/p1`), "/subscriptions/s/providers/microsoft.containerservice/managedclusters/agentpools");
  assert.equal(typeListKey("/subscriptions/s/resourcegroups/rg"), undefined);
  assert.equal(typeListKey("/subscriptions/s/providers/microsoft.containerservice/locations"), undefined);
  assert.equal(typeListKey(`${MC}/agentpools`), undefined);
});

test("typeListKey agrees with splitting the key, on keys of any shape", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom("providers", "ns", "t", "n", "", "resourcegroups", "rg", "subscriptions", "s"), { maxLength: 9 }), fc.boolean(), (segments, rooted) => {
      const key = `${rooted ? "/subscriptions/s/" : "/"}${segments.join("/")}`;
      assert.equal(typeListKey(key), typeListBySplit(key));
    }),
    { numRuns: 2000 },
  );
});
