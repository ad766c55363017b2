// The defaults the apiserver fills in on create, for the fields clients read back, in the two
// phases the apiserver has:
//   - decoding (SetDefaults_*): replicas, strategies, a pod's policies, a service's type and target
//     ports, a secret's type. The creator's managedFields entry owns these: it is computed on the
//     decoded object;
//   - after that (the registry strategies' PrepareForCreate, mutating admission, allocation): a
//     pod's Pending status, service account, priority and default tolerations, a service's cluster
//     IP and node ports, every kind's reset status, a CRD's accepted names. Nobody's entry owns them
//     (kube-apiserver's create handler updates managedFields before it runs admission).
import { at, isObj, kubeTime, type Obj } from "./objects.js";

/** What defaulting needs from the world: cluster IPs and node ports are allocated, once. */
export type Allocators = { clusterIP(): string; nodePort(): number };

const setIfAbsent = (o: Obj, k: string, v: unknown) => {
  if (o[k] === undefined) o[k] = v;
};

function podSpecDefaults(spec: Obj): void {
  setIfAbsent(spec, "restartPolicy", "Always");
  setIfAbsent(spec, "dnsPolicy", "ClusterFirst");
  setIfAbsent(spec, "schedulerName", "default-scheduler");
  setIfAbsent(spec, "terminationGracePeriodSeconds", 30);
  setIfAbsent(spec, "securityContext", {});
  for (const c of Array.isArray(spec["containers"]) ? (spec["containers"] as unknown[]) : []) {
    if (!isObj(c)) continue;
    setIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
    setIfAbsent(c, "terminationMessagePolicy", "File");
    setIfAbsent(c, "imagePullPolicy", typeof c["image"] === "string" && (c["image"].endsWith(":latest") || !/:[^/]+$/.test(c["image"])) ? "Always" : "IfNotPresent");
    setIfAbsent(c, "resources", {});
    for (const p of Array.isArray(c["ports"]) ? (c["ports"] as unknown[]) : []) if (isObj(p)) setIfAbsent(p, "protocol", "TCP");
  }
}

function templateDefaults(o: Obj): void {
  const spec = at(o, "spec.template.spec");
  if (isObj(spec)) podSpecDefaults(spec);
}

/** Both phases: fills `o` (a fresh copy being created) in place. */
export function applyDefaults(type: string, o: Obj, now: number, alloc: Allocators): void {
  decodeDefaults(type, o);
  createFills(type, o, now, alloc);
}

/** The decoding phase (SetDefaults_*), in place: what the creator's managedFields entry owns. */
export function decodeDefaults(type: string, o: Obj): void {
  const spec = isObj(o["spec"]) ? (o["spec"] as Obj) : undefined;
  switch (type) {
    case "/namespaces":
      o["spec"] = { finalizers: ["kubernetes"], ...(spec ?? {}) };
      break;
    case "/pods":
      if (spec) {
        podSpecDefaults(spec);
        setIfAbsent(spec, "enableServiceLinks", true);
      }
      break;
    case "/services":
      if (spec) {
        setIfAbsent(spec, "type", "ClusterIP");
        setIfAbsent(spec, "sessionAffinity", "None");
        if (spec["type"] !== "ExternalName") setIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        if (spec["type"] === "LoadBalancer" || spec["type"] === "NodePort") setIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        for (const p of Array.isArray(spec["ports"]) ? (spec["ports"] as unknown[]) : []) {
          if (!isObj(p)) continue;
          setIfAbsent(p, "protocol", "TCP");
          setIfAbsent(p, "targetPort", p["port"]);
        }
      }
      break;
    case "/secrets": {
      setIfAbsent(o, "type", "Opaque");
      // Conversion folds stringData into data (it is write-only).
      const stringData = o["stringData"];
      if (isObj(stringData)) {
        const data = isObj(o["data"]) ? { ...o["data"] } : {};
        for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
        o["data"] = data;
        delete o["stringData"];
      }
      break;
    }
    case "apps/deployments":
      if (spec) {
        setIfAbsent(spec, "replicas", 1);
        setIfAbsent(spec, "strategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
        setIfAbsent(spec, "revisionHistoryLimit", 10);
        setIfAbsent(spec, "progressDeadlineSeconds", 600);
        templateDefaults(o);
      }
      break;
    case "apps/replicasets":
    case "apps/statefulsets":
      if (spec) {
        setIfAbsent(spec, "replicas", 1);
        if (type === "apps/statefulsets") {
          setIfAbsent(spec, "podManagementPolicy", "OrderedReady");
          setIfAbsent(spec, "updateStrategy", { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
          setIfAbsent(spec, "revisionHistoryLimit", 10);
        }
        templateDefaults(o);
      }
      break;
    case "apps/daemonsets":
      if (spec) {
        setIfAbsent(spec, "updateStrategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
        setIfAbsent(spec, "revisionHistoryLimit", 10);
        templateDefaults(o);
      }
      break;
    case "batch/jobs":
      if (spec) {
        setIfAbsent(spec, "parallelism", 1);
        setIfAbsent(spec, "completions", 1);
        setIfAbsent(spec, "backoffLimit", 6);
        setIfAbsent(spec, "completionMode", "NonIndexed");
        setIfAbsent(spec, "suspend", false);
        templateDefaults(o);
      }
      break;
  }
}

/** The phase after decoding (PrepareForCreate, mutating admission, allocation), in place: owned by no manager. */
export function createFills(type: string, o: Obj, now: number, alloc: Allocators): void {
  const spec = isObj(o["spec"]) ? (o["spec"] as Obj) : undefined;
  switch (type) {
    case "/namespaces":
      o["status"] = { phase: "Active" };
      break;
    case "/pods":
      if (spec) {
        // Admission: ServiceAccount, Priority, DefaultTolerationSeconds.
        setIfAbsent(spec, "serviceAccountName", "default");
        setIfAbsent(spec, "serviceAccount", spec["serviceAccountName"]);
        setIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
        setIfAbsent(spec, "priority", 0);
        setIfAbsent(spec, "tolerations", [
          { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
          { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        ]);
      }
      if (!isObj(o["status"])) o["status"] = { phase: "Pending", qosClass: "BestEffort" };
      break;
    case "/services":
      if (spec && spec["type"] !== "ExternalName") {
        setIfAbsent(spec, "clusterIP", alloc.clusterIP());
        setIfAbsent(spec, "clusterIPs", [spec["clusterIP"]]);
        setIfAbsent(spec, "ipFamilies", ["IPv4"]);
        setIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
      }
      if (spec && (spec["type"] === "LoadBalancer" || spec["type"] === "NodePort")) {
        for (const p of Array.isArray(spec["ports"]) ? (spec["ports"] as unknown[]) : []) if (isObj(p)) setIfAbsent(p, "nodePort", alloc.nodePort());
      }
      o["status"] = { loadBalancer: {} };
      break;
    case "apps/deployments":
    case "batch/jobs":
      o["status"] = {};
      break;
    case "apps/replicasets":
    case "apps/statefulsets":
      o["status"] = { replicas: 0 };
      break;
    case "apps/daemonsets":
      o["status"] = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      break;
    case "policy/poddisruptionbudgets":
      o["status"] = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case "apiextensions.k8s.io/customresourcedefinitions": {
      const t = kubeTime(now);
      const names = at(o, "spec.names");
      const cond = (type: string, reason: string, message: string) => ({ type, status: "True", lastTransitionTime: t, reason, message });
      o["status"] = {
        acceptedNames: isObj(names) ? { ...names, singular: names["singular"] ?? String(names["kind"] ?? "").toLowerCase(), listKind: names["listKind"] ?? `${String(names["kind"] ?? "")}List` } : {},
        conditions: [cond("NamesAccepted", "NoConflicts", "no conflicts found"), cond("Established", "InitialNamesAccepted", "the initial names have been accepted")],
        storedVersions: (Array.isArray(at(o, "spec.versions")) ? (at(o, "spec.versions") as Obj[]) : []).filter((v) => v["storage"] === true).map((v) => String(v["name"])),
      };
      break;
    }
  }
}

/** Kinds whose metadata.generation counts spec changes. */
export function hasGeneration(type: string, custom: boolean): boolean {
  return custom || /^(apps|batch|policy|autoscaling|networking\.k8s\.io|apiextensions\.k8s\.io)\//.test(type);
}
