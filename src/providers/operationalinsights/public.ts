// What other providers may know of Microsoft.OperationalInsights (with `import type` only): the
// step a plan hands it. A plan names it as data: { provider: "Microsoft.OperationalInsights",
// target: <workspace id, lower-cased>, action }. AKS's monitoring addon asks for the workspace's
// shared keys on every cluster reconcile; a workspace that is gone fails the step with the 404 the
// workspace's GET answers (ResourceNotFound, or ResourceGroupNotFound when its group is gone).
export type WorkspaceAction = { type: "getSharedKeys" };
