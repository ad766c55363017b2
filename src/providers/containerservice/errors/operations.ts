// What a Microsoft.ContainerService operation fails with when something under it fails (seed 002):
// a dependency's SubscriptionNotRegistered passed on, the reconcile's infrastructure error, and the
// monitoring addon's missing workspace. Operations' errors, never synchronous answers.
// Texts are real AKS texts (shared/design/ERROR-TEXTS.md, seed articles) byte for byte; where no
// real sample exists the entry says so and mirrors the nearest real form.
import { entry } from "../../../arm/catalog.js";

export const OPERATION_ERRORS = {
  // --- dependencies (seed 002, SubscriptionNotRegistered) ---
  // AKS creates and scales nodes through Microsoft.Compute and Microsoft.Network; when the
  // subscription has one of them unregistered, that provider's SubscriptionNotRegistered comes back
  // through AKS. No AKS body was found (ARM's own form, Azure/CloudShell#487 in ERROR-TEXTS §9,
  // prints "[N/A]" placeholders); these are the dependencies' real texts as AKS passes them on, 409:
  // Compute's from an AKS node pool scale, Azure/AKS#3385 ("Failed to scale node pool 'xxx' in
  // Kubernetes service 'xxx'. Error: autorest/azure: Service returned an error. Status=409
  // Code="SubscriptionNotRegistered" Message="Subscription is not registered."").
  computeNotRegistered: entry({
    status: 409, code: "SubscriptionNotRegistered", envelope: "aks",
    message: () => 'autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription is not registered."',
  }),
  // Network's (NRP), real from a SecurityGroupsClient call (docker-machine on Azure: "Original Error:
  // autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered"
  // Message="Subscription <guid> is not registered with NRP." Details=[]"), in the same form.
  networkNotRegistered: entry<{ subscriptionId: string }>({
    status: 409, code: "SubscriptionNotRegistered", envelope: "aks",
    message: (p) => `autorest/azure: Service returned an error. Status=409 Code="SubscriptionNotRegistered" Message="Subscription ${p.subscriptionId} is not registered with NRP." Details=[]`,
  }),

  // --- infrastructure (seed 002, "Infrastructure issues": reconcile each pool and the cluster) ---
  // Real (Azure/AKS#4975, ERROR-TEXTS §12): an operation failing with ReconcileVMSSAgentPoolFailed,
  // "Internal server error". An operation's error (faults, the infrastructure-transient scenario),
  // never a synchronous answer; the status is aksemu's.
  reconcileVmssAgentPoolFailed: entry({ status: 500, code: "ReconcileVMSSAgentPoolFailed", envelope: "aks", message: () => "Internal server error" }),
  // Real (ERROR-TEXTS §12, the Azure/AKS#1380 variant, 2020): the monitoring addon's workspace is
  // gone. As an API client gets it: without the portal's "Failed to save Kubernetes service '…'.
  // Error: " prefix, with the code and the lower-cased id of hashicorp/terraform-azurerm-aks#90
  // (2021, same message). The 2020-21 era is the one with a complete real sample (the newer
  // "Unable to retrieve log analytics workspace. If resource is intentionally deleted…" form of
  // §12 is only known in part). `code`/`message`: the 404 Microsoft.OperationalInsights answers
  // for the workspace (ResourceNotFound; ResourceGroupNotFound when its group is gone), quoted. An
  // operation's error (a cluster PUT's first step), never a synchronous answer.
  getLogAnalyticsWorkspaceError: entry<{ workspaceId: string; code: string; message: string }>({
    status: 400, code: "GetLogAnalyticsWorkspaceError", envelope: "aks",
    message: (p) => `Unable to get log analytics workspace info. Resource ID: ${p.workspaceId}. Details: autorest/azure: Service returned an error. Status=404 Code="${p.code}" Message="${p.message}". For more details about how to create and use log analytics workspace,  please refer to: https://aka.ms/new-log-analytics`,
  }),
} as const;
