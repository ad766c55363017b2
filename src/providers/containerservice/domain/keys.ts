// Store keys of AKS resources: ARM ids lower-cased (arm/ids.ts), as ARM compares ids case-insensitively.
import { groupKey } from "../../../arm/ids.js";

export const NAMESPACE = "Microsoft.ContainerService";

export const clusterKey = (sub: string, rg: string, name: string) => `${groupKey(sub, rg)}/providers/microsoft.containerservice/managedclusters/${name.toLowerCase()}`;
export const poolKey = (clusterKeyValue: string, pool: string) => `${clusterKeyValue}/agentpools/${pool.toLowerCase()}`;
