// Stored shapes of the AKS domain. Records are immutable values: every change writes a new one.
import type { OperationRecord, Step } from "../../../engine/operations.js";
import type { Json } from "../../../arm/json.js";
import type { ComputeAction } from "../../compute/public.js";
import type { GroupAction } from "../../resources/public.js";
import type { WorkspaceAction } from "../../operationalinsights/public.js";
import type { NetworkAction } from "../../network/public.js";
import type { PrivateDnsAction } from "../../privatedns/public.js";
import type { DrainAction } from "../../../kube/drain.js";

export type { Json };

export type ProvisioningVerb = "Creating" | "Updating" | "Upgrading" | "Scaling" | "Deleting" | "Starting" | "Stopping";
export type ProvisioningState = ProvisioningVerb | "Succeeded" | "Failed" | "Canceling" | "Canceled";
export type PowerState = "Running" | "Stopped";

export type SystemData = {
  createdBy: string;
  createdByType: "Application" | "User";
  createdAt: number;
  lastModifiedBy: string;
  lastModifiedByType: "Application" | "User";
  lastModifiedAt: number;
};

export type NodeState = "Provisioning" | "Ready" | "Cordoned" | "Draining" | "Reimaging" | "Deleting" | "Stopped";

/** A Kubernetes node backed by one VM scale set instance. */
export type NodeRecord = {
  name: string;
  instanceId: number;
  version: string;
  state: NodeState;
  surge: boolean;
  createdAt: number;
};

export type Deletion = { operationId: string; startedAt: number };

export type PoolRecord = {
  kind: "agentPool";
  id: string;
  clusterKey: string;
  name: string;
  /** The caller's spec properties (sanitized against the REST spec), defaults applied. */
  spec: Json;
  provisioningState: ProvisioningState;
  powerState: PowerState;
  currentOrchestratorVersion: string;
  eTag: string;
  nodes: NodeRecord[];
  nextInstanceId: number;
  /** The 8 digits in aks-<pool>-<digits>-vmss, stable for the pool's life. */
  vmssDigits: string;
  systemData: SystemData;
  deletion?: Deletion;
};

export type ClusterRecord = {
  kind: "managedCluster";
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** Top-level ARM fields the caller sent (tags, sku, identity, kind, extendedLocation). */
  envelope: Json;
  /** properties without agentPoolProfiles (those live in the pool records). */
  spec: Json;
  provisioningState: ProvisioningState;
  powerState: PowerState;
  currentKubernetesVersion: string;
  eTag: string;
  /** Unique suffix used in fqdn and resourceUID, stable for the cluster's life. */
  uid: string;
  systemData: SystemData;
  deletion?: Deletion;
  /** Start time of the last stop and start operations, for the seed 000 texts. */
  lastStopAt?: number;
  lastStartAt?: number;
};

/** What one plan step does to the world; data, so plans persist and resume after a restart. */
export type StepAction =
  | { type: "progress" }
  | { type: "setControlPlaneVersion"; version: string }
  | { type: "addNode"; pool: string; version: string; surge: boolean }
  | { type: "setNodeState"; pool: string; node: string; state: NodeState }
  | { type: "reimageNode"; pool: string; node: string; version: string }
  | { type: "removeNode"; pool: string; node: string }
  | { type: "removeSurgeNodes"; pool: string }
  | { type: "setPoolVersion"; pool: string; version: string }
  | { type: "setPoolPower"; pool: string; power: PowerState }
  | { type: "setClusterPower"; power: PowerState }
  | { type: "deletePool"; pool: string }
  | { type: "deleteCluster" };

/**
 * Every action an AKS plan holds: its own, and those it hands to Compute (the pools' scale sets),
 * to Microsoft.Resources (the node resource group), to Microsoft.OperationalInsights (the
 * monitoring addon's workspace) and to Microsoft.Network (the cluster's network, a subnet's
 * addresses; its private DNS: a private cluster's zone, link and A record) and to the cluster's
 * Kubernetes world (drains); those steps name their provider and target.
 */
export type PlanAction = StepAction | ComputeAction | GroupAction | WorkspaceAction | NetworkAction | DrainAction | PrivateDnsAction;

export type AksStep = Step<PlanAction>;

export type OperationType =
  | "PutManagedCluster"
  | "PatchManagedCluster"
  | "DeleteManagedCluster"
  | "StartManagedCluster"
  | "StopManagedCluster"
  | "PutAgentPool"
  | "DeleteAgentPool";

/** An AKS operation: the engine's record plus what AKS's texts and states need. */
export type AksOperation = OperationRecord<PlanAction> & {
  operationType: OperationType;
  verb: ProvisioningVerb;
  /** Set for agent pool operations. */
  poolName?: string;
  /** Pools whose provisioningState follows this operation (cluster operations). */
  touchedPools: string[];
};
