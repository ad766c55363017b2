// The resource group a provider's request names, as ARM checks it before the provider acts: it
// must exist (ResourceGroupNotFound), and a write must not land in one being deleted.
import { apiError } from "../arm/error-catalog.js";
import { groupKey } from "../arm/ids.js";
import type { Reader } from "../store/store.js";
import type { ResourceGroupRecord } from "./resources/public.js";

export function requireGroup(store: Reader, sub: string, rg: string, opts: { forWrite: boolean }): ResourceGroupRecord {
  const group = store.get<ResourceGroupRecord>("resources", groupKey(sub, rg));
  if (!group) throw apiError("resourceGroupNotFound", { resourceGroup: rg });
  if (opts.forWrite && group.deletion) throw apiError("resourceGroupBeingDeleted", { resourceGroup: group.name });
  return group;
}
