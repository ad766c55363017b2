// The engine's way into private DNS: apply a step of its own operations (provision or delete what
// a zone or link request wrote) or one another provider's plan hands it (AKS: a private cluster's
// zone, link and A record). An adapter: the rules are in domain/cluster-dns.ts. A refusal fails
// the step with Azure DNS's error, worded by the operation's owner when it words failures of the
// steps it delegates (Provider.stepFailure).
import { ARM_ERRORS } from "../../arm/error-catalog.js";
import type { OperationError, OperationRecord } from "../../engine/operations.js";
import type { Change, StepRunner } from "../../engine/step-runner.js";
import { providerName, type Provider } from "../provider.js";
import { clusterDnsKeys, ensureClusterDns, isDnsFailure, verifyClusterDns, type ClusterDnsMissing, type ClusterDnsOverlap } from "./domain/cluster-dns.js";
import { keyOf, OPERATIONS_NAME, ZONE_TYPE, type PrivateDnsRecord } from "./domain/records.js";
import { PRIVATE_DNS_ERRORS } from "./errors.js";
import type { PrivateDnsAction } from "./public.js";
import { clusterDnsWorld, getRecord } from "./repository.js";

/** Azure DNS's own error for what a cluster DNS step found missing or refused. */
export function dnsFailure(f: ClusterDnsMissing | ClusterDnsOverlap): OperationError {
  if ("overlap" in f) return { code: PRIVATE_DNS_ERRORS.linkOverlap.code, message: PRIVATE_DNS_ERRORS.linkOverlap.message({ zone: f.zone, other: f.other }) };
  if (f.missing === "zone") return { code: ARM_ERRORS.resourceNotFound.code, message: ARM_ERRORS.resourceNotFound.message({ type: ZONE_TYPE, name: f.zone, resourceGroup: f.resourceGroup }) };
  return { code: PRIVATE_DNS_ERRORS.recordSetNotFound.code, message: PRIVATE_DNS_ERRORS.recordSetNotFound.message({ name: f.record, resourceGroup: f.resourceGroup, subscriptionId: f.subscriptionId }) };
}

/** `providers` is the provider list, read when a step fails (the list holds this runner too). */
export function privateDnsSteps(providers: () => readonly Provider[]): StepRunner {
  const fail = (error: OperationError, step: Parameters<StepRunner["apply"]>[0], op: OperationRecord) => {
    const owner = providers().find((p) => providerName(p).toLowerCase() === op.provider.toLowerCase());
    return { error: owner?.stepFailure ? owner.stepFailure({ step, error, op }) : error };
  };
  return {
    apply(step, { read, op }) {
      const action = step.action as PrivateDnsAction;
      switch (action.type) {
        case "provisioned": {
          const writes = action.keys.flatMap((k): [string, PrivateDnsRecord][] => {
            const r = getRecord(read, k);
            return r && "provisioningState" in r && r.provisioningState !== "Succeeded" ? [[k, { ...r, provisioningState: "Succeeded" }]] : [];
          });
          return { change: { resources: writes } };
        }
        case "deleteResources":
          return { change: { resources: action.keys.filter((k) => getRecord(read, k)).map((k) => [k, undefined] as [string, undefined]) } };
        case "ensureClusterDns": {
          const dns = action.dns;
          const out = ensureClusterDns(dns, clusterDnsWorld(read, dns.zoneId, dns.virtualNetworkId, dns.subnetId));
          if (isDnsFailure(out)) return fail(dnsFailure(out), step, op);
          return { change: { resources: out.puts.map((r) => [keyOf(r.id), r] as [string, PrivateDnsRecord]) } };
        }
        case "verifyClusterDns": {
          const missing = verifyClusterDns(action.dns, { get: (k) => getRecord(read, k) });
          return missing ? fail(dnsFailure(missing), step, op) : { change: {} };
        }
        case "deleteClusterDns": {
          const keys = clusterDnsKeys(action.dns, { get: (k) => getRecord(read, k) }, (zoneKey) => read.group<{ id: string }>("resources", zoneKey).flatMap((r) => (getRecord(read, keyOf(r.id)) ? [keyOf(r.id)] : [])));
          return { change: { resources: keys.map((k) => [k, undefined] as [string, undefined]) } };
        }
      }
    },
    // Its own operation ended short of Succeeded (a fault, an abort): what it provisioned is
    // Failed; what it was deleting stays, Succeeded again.
    settle(op: OperationRecord, { read }): Change {
      if (op.provider !== OPERATIONS_NAME || op.status === "Succeeded") return {};
      const resources: [string, PrivateDnsRecord][] = [];
      for (const st of op.steps) {
        const action = st.action as PrivateDnsAction;
        if (action.type !== "provisioned" && action.type !== "deleteResources") continue;
        for (const k of action.keys) {
          const r = getRecord(read, k);
          if (r && "provisioningState" in r) resources.push([k, { ...r, provisioningState: action.type === "provisioned" ? "Failed" : "Succeeded" }]);
        }
      }
      return { resources };
    },
  };
}
