// The resource providers aksemu serves. Adding one is a folder and a line here.
import { authorization } from "./authorization/index.js";
import { computeProvider } from "./compute/index.js";
import { containerService } from "./containerservice/index.js";
import { insights } from "./insights/index.js";
import { networkProvider } from "./network/index.js";
import { operationalInsightsProvider } from "./operationalinsights/index.js";
import { privateDnsProvider } from "./privatedns/index.js";
import type { Provider } from "./provider.js";
import { resources } from "./resources/index.js";

export const PROVIDERS: readonly Provider[] = [resources, containerService, insights, computeProvider(() => PROVIDERS), authorization, operationalInsightsProvider(() => PROVIDERS), networkProvider(() => PROVIDERS), privateDnsProvider(() => PROVIDERS)];

export { isV1Operation, upgradeV1Operation } from "./stored-v1.js";
