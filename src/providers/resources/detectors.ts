// Microsoft.Resources' detectors (providers/detector.ts): the subscription's state (seed 002's
// ReadOnlyDisabledSubscription row; Warned and PastDue as warnings) and the registration of every
// namespace the cluster's writes need (its SubscriptionNotRegistered row), each with the writes the
// window's activity log shows refused for it.
import type { ActivityEvent } from "../../engine/activity.js";
import { eventError, failedEventsWith, isoTime, reconcileCommand, type Detector, type Finding } from "../detector.js";
import { registrationKey, registrationState, type RegistrationRecord } from "./domain/registration.js";

/** The window's refusals of the cause, as evidence: how many, the last one and its error. */
function refusalEvidence(events: readonly ActivityEvent[]): [string, string][] {
  const last = events.at(-1);
  if (!last) return [];
  const e = eventError(last)!;
  return [["Writes refused in the time range", String(events.length)], ["Last refused", `${isoTime(last.at)} ${last.operation} on ${last.resourceId}`], ["Error code", e.code], ["Error message", e.message]];
}

const subscriptionState: Detector = {
  id: "subscription-state",
  name: "Subscription State",
  category: "Cluster Issues",
  description: "Checks whether the subscription is disabled (read-only: ReadOnlyDisabledSubscription), warned or past due (seed 002).",
  rank: 40,
  healthy: "The subscription is enabled.",
  evaluate(input) {
    const { id, state } = input.subscription;
    if (state === "Enabled") return [];
    const refused = failedEventsWith(input, ["ReadOnlyDisabledSubscription"]);
    const disabled = state === "Disabled";
    const finding: Finding = {
      status: disabled ? "Critical" : "Warning",
      message: disabled
        ? `The subscription '${id}' is disabled and read-only: every write (create, scale, upgrade, delete) is refused with ReadOnlyDisabledSubscription.`
        : `The subscription '${id}' is in the state '${state}': it still works, but it is disabled (read-only) if the billing issue is not settled.`,
      cause: { symptom: "ReadOnlyDisabledSubscription error", text: "This error indicates that the subscription is currently disabled and set to read-only." },
      remedy: {
        title: "Re-enable the subscription, then reconcile",
        text: "Review and adjust the subscription permissions, as the subscription may have been suspended due to billing issues, expired credit, or policy violations. Once it is enabled again, reconcile the cluster.",
        commands: [`PUT /_aksemu/subscriptions/${id} {"state": "Enabled"}   (the emulator's stand-in for settling the billing issue)`, reconcileCommand(input.cluster.id)],
      },
      evidence: [["Subscription", id], ["State", state], ...refusalEvidence(refused)],
    };
    return [finding];
  },
};

const providerRegistration: Detector = {
  id: "provider-registration",
  name: "Resource Provider Registration",
  category: "Cluster Issues",
  description: "Checks that the subscription is registered for every resource provider the cluster needs (Microsoft.ContainerService, and Microsoft.Compute and Microsoft.Network for its nodes): SubscriptionNotRegistered (seed 002).",
  rank: 50,
  healthy: "The subscription is registered for every resource provider the cluster needs.",
  evaluate(input) {
    const sub = input.subscription.id;
    const refused = failedEventsWith(input, ["MissingSubscriptionRegistration", "SubscriptionNotRegistered"]);
    return input.cluster.namespaces.flatMap((namespace): Finding[] => {
      const state = registrationState(input.read.get<RegistrationRecord>("meta", registrationKey(sub, namespace)), input.now);
      if (state === "Registered") return [];
      const registering = state === "Registering";
      return [
        {
          status: registering ? "Warning" : "Critical",
          message: registering
            ? `The subscription is registering for ${namespace}: writes that need it are refused until the registration completes.`
            : `The subscription is not registered for ${namespace} (${state}): writes that need it are refused.`,
          cause: { symptom: "SubscriptionNotRegistered error", text: "This error indicates that the subscription isn't registered to use the AKS resource provider." },
          remedy: {
            title: `Register ${namespace}, then retry`,
            text: `Register the subscription using the \`az provider register --namespace ${namespace}\` command, then retry the operation or reconcile the cluster.`,
            commands: [`az provider register --namespace ${namespace} --wait`, reconcileCommand(input.cluster.id)],
          },
          evidence: [["Namespace", namespace], ["Registration state", state], ...refusalEvidence(refused)],
        },
      ];
    });
  },
};

export const RESOURCES_DETECTORS: readonly Detector[] = [subscriptionState, providerRegistration];
