// Private DNS in the activity log: its write requests named as ARM names them (operationName from
// the request's URL, providers/activity.ts), e.g. Microsoft.Network/privateDnsZones/write.
import type { ActivityDescriber } from "../../engine/activity.js";
import { armRequestActivity } from "../activity.js";
import { NAMESPACE, RECORD_TYPES } from "./domain/records.js";

const TYPES = ["privateDnsZones", "privateDnsZones/virtualNetworkLinks", ...RECORD_TYPES.map((t) => `privateDnsZones/${t}`)];

export const privateDnsActivity: ActivityDescriber = (request) => armRequestActivity(request, { namespace: NAMESPACE, types: TYPES });
