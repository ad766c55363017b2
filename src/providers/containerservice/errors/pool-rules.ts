// Microsoft.ContainerService's rules for a cluster's pools as a whole: a power state change comes
// alone, and a cluster keeps at least one System pool.
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

export const POOL_RULE_ERRORS = {
  powerStateWithOtherChanges: entry<{ properties: readonly string[] }>({
    // No real sample found; mirrors the InvalidParameter form of the powerState rule above.
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: (p) => `The value of parameter agentPoolProfile.powerState is invalid: the power state cannot be changed together with other properties (${p.properties.join(", ")}). Start or stop the agent pool first, then update it.`,
  }),
  systemPoolRequired: entry({
    // No real sample found; the rule (a cluster keeps at least one System pool) is documented by AKS.
    status: 400, code: "InvalidParameter", envelope: "aks",
    message: () => "The value of parameter agentPoolProfile.mode is invalid. A managed cluster must have at least one agent pool in System mode. Please see https://aka.ms/aks/nodepool/mode for more details.",
  }),
  cannotDeleteLastSystemPool: entry<{ pool: string }>({
    // No real sample found; mirrors AKS's wording for system pool rules.
    status: 400, code: "OperationNotAllowed", envelope: "aks",
    message: (p) => `Cannot delete agent pool '${p.pool}': it is the last System mode agent pool of the managed cluster. Please see https://aka.ms/aks/nodepool/mode for more details.`,
  }),
} as const;
