// The store's group reads: count() agrees with group().length inside a transaction as writes join,
// leave and move documents between groups, and after the commit; a type's list in one location.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { locatedTypeListKey, resourceListings } from "../../src/arm/ids.js";
import { createStore, type Reader } from "../../src/store/store.js";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const ip = (rg: string, name: string) => `${SUB}/resourcegroups/${rg}/providers/microsoft.network/publicipaddresses/${name}`;
const LIST = `${SUB}/providers/microsoft.network/publicipaddresses`;
const EAST = locatedTypeListKey(LIST, "EastUS");

describe("store counts", () => {
  const fresh = () => createStore(null, { groupOf: { resources: (k, v) => resourceListings(k, v) } });
  const agree = (r: Reader, g: string, n: number) => {
    assert.equal(r.count("resources", g), n);
    assert.equal(r.group("resources", g).length, n);
  };

  test("a located type list counts joins, moves and deletes, pending and committed", () => {
    const store = fresh();
    store.transaction((tx) => {
      tx.put("resources", ip("a", "one"), { location: "eastus" });
      agree(tx, EAST, 1);
      tx.put("resources", ip("a", "two"), { location: "eastus" });
      tx.put("resources", ip("a", "three"), { location: "westus" });
      agree(tx, EAST, 2);
      agree(tx, LIST, 3);
    });
    agree(store, EAST, 2);
    store.transaction((tx) => {
      agree(tx, EAST, 2);
      tx.put("resources", ip("a", "one"), { location: "westus" }); // moved out
      agree(tx, EAST, 1);
      tx.put("resources", ip("a", "one"), { location: "eastus" }); // and back
      tx.put("resources", ip("a", "one"), { location: "eastus", tags: {} }); // rewritten in place
      agree(tx, EAST, 2);
      tx.delete("resources", ip("a", "two"));
      tx.delete("resources", ip("a", "nothing"));
      agree(tx, EAST, 1);
      tx.put("resources", ip("b", "four"), { location: "EastUS" });
      agree(tx, EAST, 2);
      assert.equal(tx.count("resources", `${SUB}/resourcegroups/b`), 1);
    });
    agree(store, EAST, 2);
    agree(store, LIST, 3);
  });

  test("a group read with nothing pending is the committed members", () => {
    const store = fresh();
    store.transaction((tx) => tx.put("resources", ip("a", "one"), { location: "eastus" }));
    store.transaction((tx) => assert.deepEqual(tx.group("resources", EAST), [{ location: "eastus" }]));
  });
});
