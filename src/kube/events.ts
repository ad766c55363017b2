// core/v1 Events as the controllers, the scheduler and the kubelet record them (kubectl describe
// and get events read these fields), named `{object}.{hex}` as client-go's recorder names them.
import type { EventSpec } from "./controllers/context.js";
import { kubeTime, meta, namespaceOf, type Obj } from "./objects.js";

/** Events live an hour (the apiserver's --event-ttl). */
export const EVENT_TTL_MS = 60 * 60_000;

export function eventObject(e: EventSpec, now: number, name: string, uid: string): Obj {
  const m = meta(e.object);
  const t = kubeTime(now);
  return {
    kind: "Event",
    apiVersion: "v1",
    metadata: { name, namespace: namespaceOf(e.object) || "default", uid, creationTimestamp: t },
    involvedObject: {
      kind: e.object["kind"],
      ...(m["namespace"] !== undefined ? { namespace: m["namespace"] } : {}),
      name: m["name"],
      uid: m["uid"],
      apiVersion: e.object["apiVersion"],
      ...(m["resourceVersion"] !== undefined ? { resourceVersion: m["resourceVersion"] } : {}),
      ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
    },
    reason: e.reason,
    message: e.message,
    source: { component: e.component, ...(e.host ? { host: e.host } : {}) },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    type: e.type,
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: e.host ?? "",
  };
}
