// The az command lines of seeds 000 and 001, exactly as the articles print them (odd spacing kept),
// and seed 000's refusal texts, for the tests that run them through azl and through the real az.
export const SEED_COMMANDS = {
  start: "az aks start  -n <myAKSCluster> -g <myResourceGroup>",
  stop: "az aks stop -n <myAKSCluster> -g <myResourceGroup>",
  showTable: "az aks show --resource-group <myResourceGroup> --name <myAKSCluster> --output table",
  rest: 'az rest --method get --url "https://management.azure.com$ResourceID/operations/latest?api-version=2024-01-02-preview"',
  poolAbort: "az aks nodepool operation-abort --resource-group myResourceGroup --cluster-name myAKSCluster --name myNodePool ",
  clusterAbort: "az aks operation-abort --name myAKSCluster --resource-group myResourceGroup",
} as const;

export const startRefused = (prov: string, power: string, startedAt: string, elapsed: string) =>
  `managed cluster is in Provisioning State(${prov}) and Power State(${power}), starting cannot be performed The previous operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
export const stopOnStopped = (startedAt: string, elapsed: string) =>
  `managed cluster is not currently running, stopping cannot be performed; The stop operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
export const deletionIssued = (op: string, name: string, startedAt: string, elapsed: string) =>
  `Unable to perform '${op}' operation on '${name}' since deletion was issued on '${name}'. The only allowed operation is deletion once deletion has started. The delete operation started at '${startedAt}' and elapsed time is: '${elapsed}' (RFC3339 format)`;
