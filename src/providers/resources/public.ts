// What other providers may know of Microsoft.Resources: the shape of a stored resource group.
export type ResourceGroupRecord = {
  kind: "resourceGroup";
  id: string;
  subscriptionId: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  managedBy?: string;
  provisioningState: "Succeeded" | "Deleting";
  eTag?: string;
  deletion?: { operationId: string; startedAt: number };
};
