// Microsoft.Resources' seed 002 scenarios: a namespace Unregistered for the subscription (the
// "SubscriptionNotRegistered error" row), kept as provider registrations are, so `az provider
// register` is the remedy. AKS's own namespace is refused at ARM's gate; Compute's and Network's by
// AKS for the writes that need its nodes.
import { RECONCILE, SEED_COMMON, type Scenario } from "../scenario.js";
import { registrationKey, type RegistrationRecord } from "./domain/registration.js";

function unregistered(name: string, namespace: string, rank: number, sees: Scenario["sees"]): Scenario {
  return {
    name,
    scope: "subscription",
    rank,
    seed: { section: SEED_COMMON, symptom: "SubscriptionNotRegistered error", cause: "This error indicates that the subscription isn't registered to use the AKS resource provider." },
    sets: `${namespace} Unregistered for the subscription`,
    sees,
    remedy: [`az provider register --namespace ${namespace}   (Registered 10 s of virtual time later; --wait polls for it)`, ...(namespace === "Microsoft.ContainerService" ? [] : [`then retry the write, or ${RECONCILE}`])],
    apply(read, t, now) {
      const key = registrationKey(t.subscriptionId, namespace);
      const existing = read.get<RegistrationRecord>("meta", key);
      // Applied again, the record (and its `since`) stays as it is.
      const since = existing?.state === "Unregistered" && existing.operationId === undefined ? existing.since : now;
      const record: RegistrationRecord = { kind: "providerRegistration", subscriptionId: t.subscriptionId, namespace, state: "Unregistered", since };
      return { change: { meta: [[key, record]] }, applied: { namespace, registrationState: "Unregistered" } };
    },
  };
}

export const RESOURCES_SCENARIOS: readonly Scenario[] = [
  unregistered("provider-not-registered", "Microsoft.ContainerService", 40, { where: "every call to Microsoft.ContainerService is refused at ARM's gate (409)", code: "MissingSubscriptionRegistration" }),
  unregistered("compute-provider-not-registered", "Microsoft.Compute", 50, { where: "AKS refuses writes that create, scale or start nodes (409); Compute's own API is refused at ARM's gate", code: "SubscriptionNotRegistered" }),
  unregistered("network-provider-not-registered", "Microsoft.Network", 60, { where: "AKS refuses writes that create, scale or start nodes (409)", code: "SubscriptionNotRegistered" }),
];
