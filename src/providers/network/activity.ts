// Microsoft.Network in the activity log: its write requests named as ARM names them (operationName
// from the request's URL, providers/activity.ts). The engine writes the events (Started, Accepted,
// then the operation's end). The control API's routes are not ARM requests and are not logged.
import type { ActivityDescriber } from "../../engine/activity.js";
import { armRequestActivity } from "../activity.js";
import { NAMESPACE } from "./domain/records.js";

const TYPES = [
  "virtualNetworks", "virtualNetworks/subnets", "networkSecurityGroups", "networkSecurityGroups/securityRules",
  "routeTables", "routeTables/routes", "publicIPAddresses", "loadBalancers",
];

export const networkActivity: ActivityDescriber = (request) => armRequestActivity(request, { namespace: NAMESPACE, types: TYPES });
