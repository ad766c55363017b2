// What a resource provider (one ARM namespace, one folder) gives the emulator. The composition
// root, the engine and the docs work from the list in providers/index.ts and name no provider.
import type { Catalog } from "../arm/catalog.js";
import type { Route, UnsupportedApiVersion } from "../arm/router.js";
import type { Clock } from "../clock/clock.js";
import type { ActivityDescriber } from "../engine/activity.js";
import type { Engine } from "../engine/engine.js";
import type { OperationError, OperationRecord, Step } from "../engine/operations.js";
import type { Change, GuardedStep, StepRunner } from "../engine/step-runner.js";
export type { GuardedStep } from "../engine/step-runner.js";
import type { ApiError } from "../arm/api-error.js";
import type { AuthorizedAction } from "../arm/actions.js";
import type { Principal } from "../arm/http.js";
import type { KubeTokenRequest, KubeTokenSubject } from "../identity/kube-tokens.js";
import type { KubeClusters } from "../kube/clusters.js";
import type { KubeApi } from "../kube/api.js";
import type { KubeAdmission } from "../kube/admission/admission.js";
import type { Reader, Store } from "../store/store.js";
import type { ScenarioBook } from "./scenario.js";
import type { Detector } from "./detector.js";

/** ARM's subscription states; Disabled makes the subscription read-only (ReadOnlyDisabledSubscription). */
export type SubscriptionState = "Enabled" | "Warned" | "PastDue" | "Disabled";

export type Subscription = { id: string; tenantId: string; displayName: string; state: SubscriptionState };

/**
 * A resource group is being deleted: what a provider deletes in it, and the steps that do it.
 * `read.values` scans a collection that has no listing (RBAC's role assignments, in meta).
 */
export type GroupCascade = (input: { read: Reader & Pick<Store, "values">; groupKey: string; operationId: string; now: number; active: (parent: string) => OperationRecord[] }) => { change: Change; steps: Step[] };

/** A VM size catalog as data: the sizes known, where each is offered and in which zones. */
export type VmSizeCatalog = {
  sizes: readonly string[];
  offeredIn: (location: string, vmSize: string) => boolean;
  /** The zones `location` offers `vmSize` in (none where the region has no zones). */
  zonesIn: (location: string, vmSize: string) => readonly string[];
};

/** A namespace the emulator serves and its types → api-versions: what ARM's providers API lists. */
export type ServedNamespace = { namespace: string; types: Readonly<Record<string, readonly string[]>>; registrationFree?: boolean };

/** The platform services handed to every provider's routes, once, at startup. */
export type ProviderDeps = {
  store: Store;
  engine: Engine;
  clock: Clock;
  newId: () => string;
  subscriptions: () => Subscription[];
  /** The emulator's CA, for kubeconfigs and anything else a client must trust. */
  caCertPem: string;
  /** A bearer token for the cluster's Kubernetes API (the facade accepts the emulator's tokens). */
  issueKubeToken: (request: KubeTokenRequest) => string;
  /** The subject of a valid token for the Kubernetes audience (run command's `clusterToken`), or undefined. */
  readKubeToken?: (token: string) => KubeTokenSubject | undefined;
  /** Every provider's share of a resource group delete. */
  groupCascades: readonly GroupCascade[];
  /**
   * Every namespace the providers API knows (from the provider list), so no provider names
   * another: those served, then those a provider depends on but aksemu does not serve (no types;
   * they can still be registered and unregistered).
   */
  catalog: readonly ServedNamespace[];
  /** Whether a subscription may use a namespace at `now` (provider registration, kept by Microsoft.Resources). */
  registered: (subscriptionId: string, namespace: string, now: number) => boolean;
  /** The emulator's Entra ID directory (service principals, no secrets), for ARM's RBAC. */
  directory?: Directory;
  /** ARM's RBAC as other providers ask it (kept by Microsoft.Authorization, from the provider list); absent: all allowed. */
  access?: Access;
  /** How ARM's policy engine sees a stored document of any provider (the first `Provider.policyView` that knows it). */
  policyView: (key: string, doc: object, step?: Step) => PolicyView | undefined;
  /** Every provider's detectors (Provider.detectors, from the list), for the provider that serves them under its clusters. */
  detectors: readonly Detector[];
  /** A VM size's vCPUs and memory (Provider.vmSizeFacts of the provider that keeps VM sizes), e.g. for a node's capacity. */
  vmSizeFacts?: VmSizeFacts;
  /** The clusters' Kubernetes APIs (src/kube), for work the provider that keeps clusters does inside them (run command). */
  kube?: KubeApi;
  /** The emulator's direct HTTPS endpoint (https://127.0.0.1:{port}), once it listens: where processes it starts reach it. */
  selfUrl?: () => string;
};

/** vCPUs and memory (GB) of a VM size, or undefined for a name that is no size. */
export type VmSizeFacts = (vmSize: string) => { vCPUs: number; memoryGB: number } | undefined;

/**
 * A resource as ARM's policy engine reads it (the fields, aliases and tags a policy rule names):
 * its wire form, the way a PUT of it would send it, with its identity (id, type, name).
 */
export type PolicyView = {
  id: string;
  /** e.g. "Microsoft.Compute/virtualMachineScaleSets", "Microsoft.Resources/subscriptions/resourceGroups". */
  type: string;
  name: string;
  location?: string;
  tags?: Record<string, string>;
  kind?: string;
  sku?: unknown;
  identity?: unknown;
  zones?: unknown;
  managedBy?: string;
  properties?: Record<string, unknown>;
};

/** A service principal of the emulator's directory, as ARM's RBAC sees it. */
export type DirectoryPrincipal = { objectId: string; clientId: string; displayName: string };

export type Directory = {
  principals: () => readonly DirectoryPrincipal[];
  /** The default principal: Owner of every subscription from the first start. */
  owner: () => DirectoryPrincipal;
};

/** ARM's RBAC for providers: an action over a scope, and the linked access checks a write makes. */
export type Access = {
  /** Whether `principal` may perform `action` over `scope` (an ARM id). */
  allows: (principal: Principal, action: string, scope: string) => boolean;
  /**
   * ARM's linked access check: a request (`action` over `scope`) that references another resource
   * (`linked.scope`: a subnet to join, a workspace whose keys are read) needs `linked.action` there
   * too. Undefined when allowed, else the LinkedAuthorizationFailed error to answer.
   */
  linked: (principal: Principal, request: { action: string; scope: string }, linked: { action: string; scope: string }) => ApiError | undefined;
};

/**
 * A request about to reach its provider, as ARM's guard rails see it (RBAC, locks, policy): after
 * authentication, api-version, subscription, registration and body checks, before the handler.
 */
export type GuardedRequest = AuthorizedAction & {
  method: string;
  path: string;
  apiVersion: string;
  subscriptionId: string;
  principal: Principal;
  /** The parsed JSON body of a write (undefined for none). */
  body: unknown;
  now: number;
};


/** ARM's guard rails, as one provider contributes them (Microsoft.Authorization: RBAC, locks, policy). */
export type Guard = {
  /** Refuses a request (the ApiError is the answer), or lets it through (undefined). */
  request?: (r: GuardedRequest) => ApiError | undefined;
  /** Refuses a step's writes: the step fails with this error, worded by the operation's owner (`stepFailure`). */
  step?: (s: GuardedStep) => OperationError | undefined;
};

export type Provider = {
  /** The ARM namespace, e.g. "Microsoft.ContainerService". */
  namespace: string;
  /**
   * For a provider that shares its namespace with another (Microsoft.Network's private DNS zones
   * beside its virtual networks): the name its operations and steps carry (`OperationRecord.provider`,
   * `Step.provider`), so the engine finds its runner. The namespace when absent (see `providerName`).
   */
  operationsName?: string;
  /** Resource types (top-level segment first, e.g. "managedClusters/agentPools") and their api-versions. */
  types: Readonly<Record<string, readonly string[]>>;
  /** How an api-version it does not serve is refused. */
  unsupportedApiVersion: UnsupportedApiVersion;
  routes: (deps: ProviderDeps) => Route[];
  /** Applies the steps of this provider's plans and settles its operations. */
  runner: StepRunner;
  errors: Catalog;
  /**
   * Its share of the activity log: how it names the write requests its routes serve (operation
   * name and display, resource type). The engine writes the events: the request's Started and
   * Accepted/Succeeded/Failed, and the end of each operation it started. Absent: none logged.
   */
  activity?: ActivityDescriber;
  onGroupDelete?: GroupCascade;
  /** ARM's guard rails this provider keeps, asked about every request and every cross-provider step. */
  guard?: (deps: ProviderDeps) => Guard;
  /**
   * How this provider's operations report the failure of a step another provider ran for them
   * (AKS nests Compute's error under its own code and text). The runner of that step asks the
   * operation's owner through the provider list. Absent: the step's error as it is.
   */
  stepFailure?: (failed: { step: Step; error: OperationError; op: OperationRecord }) => OperationError;
  /** VM sizes this provider keeps, for another to read through the provider list (AKS's, for Compute's SKU list). */
  vmSizes?: VmSizeCatalog;
  /**
   * For the provider that keeps provider registrations (Microsoft.Resources): whether a
   * subscription may use a namespace at `now`. ARM's front door refuses every call to an
   * unregistered namespace before its provider sees it.
   */
  registrations?: (read: Reader) => (subscriptionId: string, namespace: string, now: number) => boolean;
  /**
   * Namespaces this provider's own work needs registered (AKS: Microsoft.Compute and
   * Microsoft.Network for its nodes). The providers API lists those aksemu does not serve too, so
   * they can be registered and unregistered; the provider asks `ProviderDeps.registered`.
   */
  dependsOn?: readonly string[];
  /** ARM's RBAC, for the provider that keeps it (Microsoft.Authorization); handed to every provider as `ProviderDeps.access`. */
  access?: (deps: ProviderDeps) => Access;
  /** A namespace ARM serves without registration (RegistrationFree, as Microsoft.Resources and Microsoft.Authorization). */
  registrationFree?: boolean;
  /**
   * How ARM's policy engine sees one of its stored documents (policy's deny is asked about the
   * writes a step makes on another provider's behalf, and about the resource a PATCH changes):
   * undefined for a document that is not one of its resources. With `step` (the step that wrote
   * it), undefined when that step is not a PUT in ARM's terms: POST actions (deallocate, delete
   * instances) are not evaluated.
   */
  policyView?: (key: string, doc: object, step?: Step) => PolicyView | undefined;
  /** Its named scenarios (seed 002's rows), built on its own records; the control API lists and applies them. */
  scenarios?: ScenarioBook;
  /**
   * Meta documents this provider derives from its others and counts again when missing (running
   * totals): a reset of part of the world drops them rather than leave them counting what is gone.
   */
  recountable?: (metaKey: string) => boolean;
  /** Its Diagnose and solve problems detectors (providers/detector.ts), each judging the records it owns. */
  detectors?: readonly Detector[];
  /** What a VM size is (vCPUs, memory), for the provider that knows (Compute); handed to every provider as `ProviderDeps.vmSizeFacts`. */
  vmSizeFacts?: VmSizeFacts;
  /**
   * For the provider that keeps clusters (AKS): which cluster an API server name is, and its nodes,
   * for the clusters' Kubernetes APIs (src/kube). The composition root serves them.
   */
  kubernetes?: (deps: ProviderDeps) => KubeClusters;
  /** Validating admission it runs inside every cluster's Kubernetes API (Azure Policy's gatekeeper). */
  kubeAdmission?: (deps: ProviderDeps) => KubeAdmission;
};

/** The name a provider's operations and steps carry: its `operationsName`, else its namespace. */
export const providerName = (p: Pick<Provider, "namespace" | "operationsName">): string => p.operationsName ?? p.namespace;

/** The api-version policy of one of a provider's types, for its routes; `only` narrows it for one route. */
export function versionsOf(p: Pick<Provider, "namespace" | "types" | "unsupportedApiVersion">, type: string, only?: readonly string[]) {
  const versions = p.types[type];
  if (!versions) throw new Error(`${p.namespace} declares no type ${type}`);
  return { kind: "list" as const, versions: only ?? versions, type, namespace: p.namespace, unsupported: p.unsupportedApiVersion };
}
