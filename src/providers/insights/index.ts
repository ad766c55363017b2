// Microsoft.Insights: the activity log (ActivityLogs_List). Its events are written by the engine,
// in the transaction of the change that causes them, from every provider's requests and
// operations; this provider only serves them.
import { versionsOf, type Provider } from "../provider.js";
import { activityLogHandlers } from "./activity-logs.js";
import { INSIGHTS_ERRORS } from "./errors.js";
import { insightsSteps } from "./steps.js";

export const NAMESPACE = "Microsoft.Insights";

// The api-version of the activity log's only spec (monitor/2015-04-01), the one az 2.45 and the SDKs send.
const types = { eventtypes: ["2015-04-01"] };
// No real sample of Insights refusing an api-version for eventtypes; ARM's InvalidApiVersionParameter form.
const unsupportedApiVersion = { error: "invalidApiVersion" } as const;

export const insights: Provider = {
  namespace: NAMESPACE,
  types,
  unsupportedApiVersion,
  routes(deps) {
    const logs = activityLogHandlers(deps);
    return [
      {
        method: "GET",
        pattern: `/subscriptions/{subscriptionId}/providers/${NAMESPACE}/eventtypes/management/values`,
        apiVersions: versionsOf({ namespace: NAMESPACE, types, unsupportedApiVersion }, "eventtypes"),
        handler: logs.list,
        summary: "the activity log (ActivityLogs_List): `$filter` (eventTimestamp ge required), `$select`, paged",
      },
    ];
  },
  runner: insightsSteps,
  errors: INSIGHTS_ERRORS,
};
