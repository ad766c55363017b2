// Azure Policy for Kubernetes inside each cluster's API: with the `azurepolicy` add-on enabled,
// gatekeeper (validation.gatekeeper.sh) judges every pod created against the Kubernetes
// assignments that cover the cluster (domain/gatekeeper.ts). Real AKS syncs assignments into the
// cluster every 15 minutes; aksemu applies them at once. Reached through the provider list
// (Provider.kubeAdmission), never imported by the Kubernetes layer.
import type { KubeAdmission } from "../../../kube/admission/admission.js";
import type { PolicyView, ProviderDeps } from "../../provider.js";
import { gatekeeperMessage, gatekeeperViolations } from "./domain/gatekeeper.js";
import { definitionById, hasAssignments, readState } from "./repository.js";

export const GATEKEEPER_WEBHOOK = "validation.gatekeeper.sh";

/** The cluster as policy's `if` sees it: its id, type and name, from the ARM id. */
function clusterView(armId: string): PolicyView | undefined {
  const m = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(armId);
  return m ? { id: armId, type: `${m[1]}/${m[2]}`, name: m[3]! } : undefined;
}

export function policyKubeAdmission(deps: ProviderDeps): KubeAdmission {
  return (cluster, request) => {
    if (!cluster.armId || !cluster.addons?.includes("azurepolicy")) return undefined;
    const sub = /^\/subscriptions\/([^/]+)/i.exec(cluster.armId)?.[1];
    const state = sub === undefined ? undefined : readState(deps.store, sub);
    const view = clusterView(cluster.armId);
    if (!hasAssignments(state) || !view) return undefined;
    const violations = gatekeeperViolations({
      state,
      cluster: view,
      review: { group: request.group, kind: request.kind, namespace: request.namespace, object: request.object },
      now: deps.clock.now(),
      definition: (id) => definitionById(deps.store, id),
    });
    return violations.length > 0 ? { webhook: GATEKEEPER_WEBHOOK, message: gatekeeperMessage(violations) } : undefined;
  };
}
