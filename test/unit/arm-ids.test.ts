// Parents come from the ARM id: the store lists any provider's children without knowing it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupKey, parentKey, subscriptionKey } from "../../src/arm/ids.js";

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
