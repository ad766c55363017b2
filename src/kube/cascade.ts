// Kubernetes' garbage collection in the background cascade a delete asks for by default: the
// objects owned (ownerReferences) by a deleted object go with it, and theirs with them.
import { isObj, meta, namespaceOf, type Obj } from "./objects.js";
import { World, type WorldWrite } from "./world.js";

/** The deletes of everything `owner` owns, transitively, each object once. */
export function ownedBy(world: World, owner: Obj): WorldWrite[] {
  const out: WorldWrite[] = [];
  const queue = [owner];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const o = queue.shift()!;
    const uid = String(meta(o)["uid"]);
    const ns = namespaceOf(o);
    for (const type of world.typesHeld()) {
      for (const d of world.list(type, ns === "" ? undefined : ns)) {
        const refs = meta(d)["ownerReferences"];
        if (!Array.isArray(refs) || !refs.some((r) => isObj(r) && r["uid"] === uid)) continue;
        const id = `${type}/${World.slot(d)}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ type, object: d, delete: true });
        queue.push(d);
      }
    }
  }
  return out;
}
