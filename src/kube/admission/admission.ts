// Validating admission, as the apiserver calls its webhooks: a write that creates or updates an
// object is shown to every admission contributor (Azure Policy's gatekeeper, kept by the provider
// that keeps policy) after validation and before it is stored; a denial is the apiserver's
// `admission webhook "<name>" denied the request: <message>` Status, which kubectl prints as
// "Error from server (Forbidden): admission webhook ...".
import type { KubeClusterFacts } from "../clusters.js";
import type { Obj } from "../objects.js";
import type { KubeUser } from "../rbac/authorize.js";
import { KubeError } from "../status.js";

/** An AdmissionReview's request, in the parts a validating webhook reads. */
export type AdmissionRequest = {
  operation: "CREATE" | "UPDATE";
  group: string;
  kind: string;
  resource: string;
  namespace: string | undefined;
  object: Obj;
  user: KubeUser | undefined;
};

/** One webhook's refusal: its name and the message it answered with. */
export type AdmissionDenial = { webhook: string; message: string };

/** Asked about every create and update; undefined lets the write through. */
export type KubeAdmission = (cluster: KubeClusterFacts, request: AdmissionRequest) => AdmissionDenial | undefined;

/** Gatekeeper answers 403 in its AdmissionResponse; the apiserver passes the code on. */
export const webhookDenied = (d: AdmissionDenial) => new KubeError(403, "Forbidden", `admission webhook "${d.webhook}" denied the request: ${d.message}`);
