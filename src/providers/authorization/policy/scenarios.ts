// Seed 002's "RequestDisallowedByPolicy error" row as two scenarios, put in place as `az policy
// definition create` and `az policy assignment create` would: a deny policy AKS meets on the
// resources it creates for the user, at its node resource group (MicrosoftDocs/azure-docs#99846:
// an 'Owner' tag required on resource groups) or at a pool's scale set (Azure/AKS#4308). And seed
// 003's cause 2: a Kubernetes built-in that gatekeeper enforces inside the cluster denies run
// command's pod.
import { badRequest, RECONCILE, SEED_COMMON, SEED_RUN_COMMAND, type Scenario, type ScenarioOutcome } from "../../scenario.js";
import type { Reader } from "../../../store/store.js";
import { decideAssignmentPut, decideDefinitionPut } from "./domain/decide.js";
import { customDefinitionId, type PolicyState } from "./domain/records.js";
import { definitionById, stateOf, stateWrite } from "./repository.js";

const SEED = { section: SEED_COMMON, symptom: "RequestDisallowedByPolicy error", cause: "This error indicates that the operation is blocked by a policy applied to the subscription or resource group." };
const ACTOR = "aksemu-scenario";

export const TAG_DEFINITION = "aksemu-require-owner-tag-on-resource-groups";
export const TAG_ASSIGNMENT = "require-owner-tag";
export const SKU_DEFINITION = "aksemu-allowed-scale-set-skus";
export const SKU_ASSIGNMENT = "allowed-scale-set-skus";

/** Writes a definition and its assignment at `scope` into the subscription's policy, as the REST API would. */
function assign(read: Reader, sub: string, now: number, d: { name: string; body: unknown }, a: { scope: string; name: string; body: (definitionId: string) => unknown }): PolicyState {
  const state = stateOf(read, sub);
  const actor = { objectId: ACTOR, at: now };
  const definition = decideDefinitionPut({ subscriptionId: sub, name: d.name, body: d.body, existing: state.definitions[d.name.toLowerCase()], actor });
  if ("refused" in definition) throw new Error(`the scenario's definition is valid: ${definition.refused}`);
  const withDefinition: PolicyState = { ...state, definitions: { ...state.definitions, [d.name.toLowerCase()]: definition } };
  const key = `${a.scope}/providers/Microsoft.Authorization/policyAssignments/${a.name}`.toLowerCase();
  const lookup = (id: string) => (id.toLowerCase() === definition.id.toLowerCase() ? definition : definitionById(read, id));
  const assignment = decideAssignmentPut({ scope: a.scope, name: a.name, body: a.body(definition.id), existing: state.assignments[key], definition: lookup, actor, instanceId: `${a.name}-${sub}`.toLowerCase() });
  if ("refused" in assignment) throw new Error(`the scenario's assignment is valid: ${assignment.refused}`);
  return { ...withDefinition, assignments: { ...withDefinition.assignments, [key]: assignment } };
}

// The reason of the real sample (MicrosoftDocs/azure-docs#99846), as the assignment's non-compliance message.
const OWNER_REASON = "Resource group validation failed since you did not supply a 'Owner' tag. Please specify an 'Owner' tag with your Microsoft alias as value.";

const nodeResourceGroupDenied: Scenario = {
  name: "policy-denies-node-resource-group",
  scope: "subscription",
  rank: 110,
  seed: SEED,
  sets: `a custom policy '${TAG_DEFINITION}' (mode All: deny a resource group without an 'Owner' tag) assigned to the subscription as '${TAG_ASSIGNMENT}'`,
  sees: {
    where: "a new cluster's create fails at its node resource group (MC_...): (ReconcileResourceGroupError) Resource request failed due to RequestDisallowedByPolicy...; the cluster is Failed. A new resource group without the tag is refused (403)",
    code: "ReconcileResourceGroupError",
  },
  remedy: [
    `az policy assignment update --name ${TAG_ASSIGNMENT} --not-scopes /subscriptions/<subscription>/resourceGroups/<node resource group>   (or --enforcement-mode DoNotEnforce)`,
    `or az policy exemption create --name <name> --policy-assignment /subscriptions/<subscription>/providers/Microsoft.Authorization/policyAssignments/${TAG_ASSIGNMENT} --exemption-category Waiver --scope /subscriptions/<subscription>`,
    `then ${RECONCILE}`,
  ],
  apply(read, t, now): ScenarioOutcome {
    const sub = t.subscriptionId;
    const state = assign(
      read,
      sub,
      now,
      {
        name: TAG_DEFINITION,
        body: {
          properties: {
            displayName: "Require an 'Owner' tag on resource groups",
            mode: "All",
            parameters: { tagName: { type: "String", defaultValue: "Owner", metadata: { displayName: "Tag Name" } } },
            policyRule: {
              if: { allOf: [{ field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" }, { field: "[concat('tags[', parameters('tagName'), ']')]", exists: "false" }] },
              then: { effect: "deny" },
            },
          },
        },
      },
      { scope: `/subscriptions/${sub}`, name: TAG_ASSIGNMENT, body: (id) => ({ properties: { displayName: "Require an 'Owner' tag on resource groups", policyDefinitionId: id, nonComplianceMessages: [{ message: OWNER_REASON }] } }) },
    );
    return { change: { meta: [stateWrite(state)] }, applied: { policyDefinition: customDefinitionId(sub, TAG_DEFINITION), policyAssignment: `/subscriptions/${sub}/providers/Microsoft.Authorization/policyAssignments/${TAG_ASSIGNMENT}`, scope: `/subscriptions/${sub}` } };
  },
};

const nodeScaleSetDenied: Scenario = {
  name: "policy-denies-node-scale-set",
  scope: "cluster",
  rank: 111,
  showsPool: true,
  seed: SEED,
  sets: `a custom policy '${SKU_DEFINITION}' (deny a scale set whose sku.name is not allowed) assigned to the cluster's node resource group as '${SKU_ASSIGNMENT}', the pool's VM size (\`pool\`, default the first) not allowed`,
  sees: { where: "the next write that puts the pool's scale set (scale up, upgrade, az aks update) fails: (RequestDisallowedByPolicy) Preflight validation check for resource(s) for container service ...; the pool and cluster are Failed", code: "RequestDisallowedByPolicy" },
  remedy: [
    `az policy exemption create --name <name> --policy-assignment <node resource group id>/providers/Microsoft.Authorization/policyAssignments/${SKU_ASSIGNMENT} --exemption-category Waiver --resource-group <node resource group>`,
    `or az policy assignment delete --name ${SKU_ASSIGNMENT} --resource-group <node resource group>`,
    `then retry the scale, or ${RECONCILE}`,
  ],
  apply(read, t, now): ScenarioOutcome {
    const cluster = t.cluster!;
    const pool = t.pool !== undefined ? cluster.pools.find((p) => p.name.toLowerCase() === t.pool!.toLowerCase()) : cluster.pools[0];
    if (!pool) return badRequest(`'policy-denies-node-scale-set' needs an agent pool: managed cluster '${cluster.name}' has ${t.pool !== undefined ? `no agent pool '${t.pool}'` : "none"}.`);
    // The node resource group is where the pools' scale sets are.
    const group = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\//i.exec(pool.scaleSet)?.[1];
    if (!group) return badRequest(`'policy-denies-node-scale-set' needs the pool's scale set: agent pool '${pool.name}' has none.`);
    const allowed = pool.vmSize.toLowerCase() === "standard_b2s" ? ["Standard_B2ms"] : ["Standard_B2s"];
    const state = assign(
      read,
      t.subscriptionId,
      now,
      {
        name: SKU_DEFINITION,
        body: {
          properties: {
            displayName: "Allowed virtual machine scale set SKUs",
            mode: "Indexed",
            parameters: { listOfAllowedSKUs: { type: "Array", metadata: { displayName: "Allowed Size SKUs", strongType: "VMSKUs" } } },
            policyRule: {
              if: { allOf: [{ field: "type", equals: "Microsoft.Compute/virtualMachineScaleSets" }, { not: { field: "Microsoft.Compute/virtualMachineScaleSets/sku.name", in: "[parameters('listOfAllowedSKUs')]" } }] },
              then: { effect: "Deny" },
            },
          },
        },
      },
      { scope: group, name: SKU_ASSIGNMENT, body: (id) => ({ properties: { displayName: "Allowed virtual machine scale set SKUs", policyDefinitionId: id, parameters: { listOfAllowedSKUs: { value: allowed } } } }) },
    );
    return { change: { meta: [stateWrite(state)] }, applied: { pool: pool.name, vmSize: pool.vmSize, allowedSkus: allowed, policyAssignment: `${group}/providers/Microsoft.Authorization/policyAssignments/${SKU_ASSIGNMENT}`, nodeResourceGroup: group.split("/")[4]! } };
  },
};

// "Kubernetes cluster containers should only use allowed images" (Microsoft.Kubernetes.Data, shared/'s built-ins).
export const ALLOWED_IMAGES_DEFINITION = "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469";
export const ALLOWED_IMAGES_ASSIGNMENT = "allowed-container-images";
const ALLOWED_IMAGES_REGEX = "^myregistry\\.azurecr\\.io/.+$";

const runCommandBlockedByPolicy: Scenario = {
  name: "run-command-blocked-by-policy",
  scope: "cluster",
  rank: 131,
  seed: {
    section: SEED_RUN_COMMAND,
    symptom: 'Failed to run command in managed cluster due to kubernetes failure. details: admission webhook "validation.gatekeeper.sh" denied the request: <policy-specific-message>',
    cause: "Cause 2: Azure Policy doesn't allow the pod creation",
  },
  sets: `the built-in "Kubernetes cluster containers should only use allowed images" assigned to the cluster's resource group as '${ALLOWED_IMAGES_ASSIGNMENT}' (allowedContainerImagesRegex ${ALLOWED_IMAGES_REGEX}, the default excludedNamespaces: aks-command is not among them); needs the azurepolicy add-on (az aks enable-addons -a azure-policy), whose gatekeeper judges every pod created`,
  sees: { where: "az aks command invoke: the pod command-<ID> is denied at creation; the POST fails at once (400), nothing runs", code: "KubernetesOperationError" },
  remedy: [
    `az policy assignment update --name ${ALLOWED_IMAGES_ASSIGNMENT} --resource-group <rg> --params '{"allowedContainerImagesRegex": {"value": "${ALLOWED_IMAGES_REGEX}"}, "excludedNamespaces": {"value": ["kube-system", "gatekeeper-system", "azure-arc", "aks-command"]}}'   (the aks-command namespace excluded)`,
    `or az policy exemption create --name ExemptAksCommand --scope <cluster id> --policy-assignment /subscriptions/<subscription>/resourceGroups/<rg>/providers/Microsoft.Authorization/policyAssignments/${ALLOWED_IMAGES_ASSIGNMENT} --exemption-category Waiver`,
    "then az aks command invoke again → the command runs",
  ],
  apply(read, t, now): ScenarioOutcome {
    const cluster = t.cluster!;
    if (!cluster.addons?.includes("azurepolicy")) {
      return badRequest(`'run-command-blocked-by-policy' needs the azurepolicy add-on, whose gatekeeper enforces Kubernetes policies: enable it first (az aks enable-addons -a azure-policy -g ${cluster.resourceGroup} -n ${cluster.name}).`);
    }
    const sub = t.subscriptionId;
    const scope = `/subscriptions/${sub}/resourceGroups/${cluster.resourceGroup}`;
    const state = stateOf(read, sub);
    const key = `${scope}/providers/Microsoft.Authorization/policyAssignments/${ALLOWED_IMAGES_ASSIGNMENT}`.toLowerCase();
    const assignment = decideAssignmentPut({
      scope,
      name: ALLOWED_IMAGES_ASSIGNMENT,
      body: { properties: { displayName: "Kubernetes cluster containers should only use allowed images", policyDefinitionId: ALLOWED_IMAGES_DEFINITION, parameters: { allowedContainerImagesRegex: { value: ALLOWED_IMAGES_REGEX } } } },
      existing: state.assignments[key],
      definition: (id) => definitionById(read, id),
      actor: { objectId: ACTOR, at: now },
      instanceId: `${ALLOWED_IMAGES_ASSIGNMENT}-${cluster.resourceGroup}-${sub}`.toLowerCase(),
    });
    if ("refused" in assignment) throw new Error(`the scenario's assignment is valid: ${assignment.refused}`);
    const next: PolicyState = { ...state, assignments: { ...state.assignments, [key]: assignment } };
    return { change: { meta: [stateWrite(next)] }, applied: { resourceId: cluster.id, policyDefinition: ALLOWED_IMAGES_DEFINITION, policyAssignment: `${scope}/providers/Microsoft.Authorization/policyAssignments/${ALLOWED_IMAGES_ASSIGNMENT}`, allowedContainerImagesRegex: ALLOWED_IMAGES_REGEX } };
  },
};

export const POLICY_SCENARIOS: readonly Scenario[] = [nodeResourceGroupDenied, nodeScaleSetDenied, runCommandBlockedByPolicy];
