// Microsoft.ContainerService's errors as data, one file a purpose under errors/: request
// validation, Kubernetes versions, pool rules, admission (seed 000) and abort (seed 001), what an
// operation fails with (seed 002), and node resources. Texts are real AKS texts
// (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no real sample exists the
// entry says so and mirrors the nearest real form.
import { refusalsOf, type Refusal } from "../../arm/catalog.js";
import { ADMISSION_ERRORS } from "./errors/admission.js";
import { NODE_RESOURCE_ERRORS } from "./errors/node-resources.js";
import { OPERATION_ERRORS } from "./errors/operations.js";
import { POOL_RULE_ERRORS } from "./errors/pool-rules.js";
import { PRIVATE_CLUSTER_ERRORS } from "./errors/private-cluster.js";
import { VALIDATION_ERRORS } from "./errors/validation.js";
import { VERSION_ERRORS } from "./errors/versions.js";
import { RUN_COMMAND_ERRORS } from "./errors/run-command.js";

// The order is the catalog's order in docs/api.md.
export const AKS_ERRORS = { ...VALIDATION_ERRORS, ...VERSION_ERRORS, ...POOL_RULE_ERRORS, ...ADMISSION_ERRORS, ...OPERATION_ERRORS, ...NODE_RESOURCE_ERRORS, ...RUN_COMMAND_ERRORS, ...PRIVATE_CLUSTER_ERRORS } as const;

export type AksRefusal = Refusal<typeof AKS_ERRORS>;

/** What a pure decision returns instead of throwing; the handlers turn it into the ARM error. */
export const refuse = refusalsOf<typeof AKS_ERRORS>();
