// The az command lines of seeds 000 and 001, exactly as the articles print them (odd spacing kept),
// for the tests that run them through azl and through the real az.
export const SEED_COMMANDS = {
  start: "az aks start  -n <myAKSCluster> -g <myResourceGroup>",
  stop: "az aks stop -n <myAKSCluster> -g <myResourceGroup>",
  showTable: "az aks show --resource-group <myResourceGroup> --name <myAKSCluster> --output table",
  rest: 'az rest --method get --url "https://management.azure.com$ResourceID/operations/latest?api-version=2024-01-02-preview"',
  poolAbort: "az aks nodepool operation-abort --resource-group myResourceGroup --cluster-name myAKSCluster --name myNodePool ",
  clusterAbort: "az aks operation-abort --name myAKSCluster --resource-group myResourceGroup",
} as const;
