// The ARM response shapes azl reads, only as far as it reads them. Bodies come from JSON.parse and
// are taken as the documented shapes (the emulator's or Azure's); whatever else they carry, azl
// passes through to its output unchanged.

export type ListPage<T> = { value: T[]; nextLink?: string };

export type ErrorDetail = { code?: string; message?: string; target?: string };

export type TokenResponse = { access_token?: string; expires_in?: number | string; error_description?: string };

export type OperationStatus = { status?: string; percentComplete?: number; error?: ErrorDetail };

export type Subscription = { subscriptionId: string; displayName: string; tenantId: string; state: string };

export type ResourceGroup = { id?: string; name: string; location?: string; properties?: { provisioningState?: string } };

export type GenericResource = { id?: string; name?: string; type?: string; location?: string; tags?: Record<string, string> };

export type AgentPoolProfile = { name: string; count?: number; orchestratorVersion?: string; [field: string]: unknown };

export type ManagedCluster = {
  location?: string;
  tags?: Record<string, string>;
  sku?: unknown;
  identity?: { type?: string; userAssignedIdentities?: unknown };
  properties: {
    kubernetesVersion?: string;
    currentKubernetesVersion?: string;
    provisioningState?: string;
    agentPoolProfiles?: AgentPoolProfile[];
    [field: string]: unknown;
  };
};

export type AgentPool = { properties?: Record<string, unknown> };

export type CredentialResults = { kubeconfigs: { name?: string; value: string }[] };

/** An upgrade profile after flatten(): controlPlaneProfile is lifted out of properties. */
export type FlatUpgradeProfile = {
  name?: string;
  resourceGroup?: string;
  controlPlaneProfile?: { kubernetesVersion?: string; upgrades?: { kubernetesVersion: string }[] };
};

export type KubernetesVersionList = {
  values: { isPreview?: boolean; capabilities?: { supportPlan?: string[] }; patchVersions?: Record<string, { upgrades?: string[] }> }[];
};

/** A list result as the table transforms see it: rows of whatever fields the resource has. */
export function rows(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
}
