// The cluster is alive (issue 11 phase 2), seen through the real kubectl 1.31 on a manual clock:
// kube-system runs AKS's components, a deployment's pods are scheduled and run in virtual time and
// `kubectl rollout status` returns, a cordoned or tainted cluster leaves pods Pending with the
// scheduler's FailedScheduling event, scale, a job completes, a daemonset runs on every node, logs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { kubeAccess } from "../support/run-command.js";
import { startCluster, type KubeCluster, kubectlOk } from "./helpers.js";

let c: KubeCluster;
before(async () => {
  c = await startCluster();
});
after(() => c?.close());

const ok = (...args: string[]) => kubectlOk(c, ...args);
const apply = async (yaml: string) => {
  const r = await c.kubectl(["apply", "-f", "-"], { input: yaml });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};
const pods = async (selector: string, ns = "default") => JSON.parse(await ok("get", "pods", "-n", ns, "-l", selector, "-o", "json")).items as any[];

describe("kube-system", () => {
  test("AKS's system components run from the cluster's creation: deployments, daemonsets on every node, PDBs", async () => {
    const deploys = await ok("get", "deploy", "-n", "kube-system", "-o", "custom-columns=NAME:.metadata.name,READY:.status.readyReplicas,WANT:.spec.replicas", "--no-headers");
    assert.deepEqual(deploys.trim().split("\n").map((l) => l.split(/\s+/)), [["coredns", "2", "2"], ["coredns-autoscaler", "1", "1"], ["konnectivity-agent", "2", "2"], ["metrics-server", "2", "2"]]);
    const ds = (await ok("get", "ds", "-n", "kube-system", "-o", "custom-columns=NAME:.metadata.name,DESIRED:.status.desiredNumberScheduled,READY:.status.numberReady", "--no-headers")).trim().split("\n").map((l) => l.split(/\s+/));
    assert.deepEqual(ds.map((r) => r[0]), ["azure-cns", "azure-ip-masq-agent", "cloud-node-manager", "csi-azuredisk-node", "csi-azurefile-node", "kube-proxy"]);
    for (const r of ds) assert.deepEqual(r.slice(1), ["3", "3"], r[0]);
    assert.match(await ok("get", "pdb", "-n", "kube-system"), /coredns-pdb\s+1\s+N\/A\s+1\s/);
    const coredns = (await pods("k8s-app=kube-dns", "kube-system"))[0];
    assert.equal(coredns.status.phase, "Running");
    assert.equal(coredns.spec.priorityClassName, "system-cluster-critical");
    assert.equal(coredns.spec.priority, 2000000000);
    assert.ok(coredns.spec.tolerations.some((t: any) => t.key === "CriticalAddonsOnly"));
  });
});

describe("deployments", () => {
  test("pods are Pending until virtual time passes, then Running; rollout status returns; events as kubelet emits them", async () => {
    assert.equal(await ok("create", "deployment", "web", "--image=nginx:1.25", "--replicas=3"), "deployment.apps/web created\n");
    const fresh = await pods("app=web");
    assert.equal(fresh.length, 3);
    for (const p of fresh) {
      assert.match(p.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(p.metadata.ownerReferences[0].kind, "ReplicaSet");
      assert.equal(p.status.phase, "Pending");
      assert.match(p.spec.nodeName, /^aks-nodepool1-/);
    }
    await c.emu.advance("PT30S");
    const r = await c.kubectl(["rollout", "status", "deployment/web", "--timeout=20s"]);
    assert.equal(r.stdout, 'deployment "web" successfully rolled out\n', r.stderr);
    assert.equal(r.code, 0, "rollout status exits once rolled out (its watch's headers come at once)");
    assert.ok(r.ms < 10_000, `rollout status took ${r.ms} ms`);
    const running = await pods("app=web");
    for (const p of running) {
      assert.equal(p.status.phase, "Running");
      assert.deepEqual(p.status.conditions.map((x: any) => `${x.type}=${x.status}`), ["PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True"]);
      const cs = p.status.containerStatuses[0];
      assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
      assert.match(cs.imageID, /^nginx@sha256:[0-9a-f]{64}$/);
      assert.equal(cs.restartCount, 0);
      assert.ok(cs.state.running.startedAt);
    }
    const described = await ok("describe", "pod", running[0].metadata.name);
    assert.match(described, /Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned default\/web-\S+ to aks-nodepool1-\S+/);
    assert.match(described, /Normal\s+Pulling\s+.*kubelet\s+Pulling image "nginx:1\.25"/);
    assert.match(described, /Normal\s+Pulled\s+.*kubelet\s+Successfully pulled image "nginx:1\.25" in \d\.\d{3}s \(\d\.\d{3}s including waiting\)\. Image size: \d+ bytes\./);
    assert.match(described, /Normal\s+Started\s+.*kubelet\s+Started container nginx/);
    const d = JSON.parse(await ok("get", "deploy", "web", "-o", "json"));
    assert.deepEqual([d.status.observedGeneration, d.status.replicas, d.status.updatedReplicas, d.status.readyReplicas, d.status.availableReplicas], [1, 3, 3, 3, 3]);
    assert.deepEqual(d.status.conditions.map((x: any) => [x.type, x.status, x.reason]), [["Available", "True", "MinimumReplicasAvailable"], ["Progressing", "True", "NewReplicaSetAvailable"]]);
    assert.match(await ok("describe", "deploy", "web"), /ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-\S+ from 0 to 3/);
  });

  test("a new image rolls out through a second ReplicaSet; scale changes the pod count", async () => {
    await ok("set", "image", "deployment/web", "nginx=nginx:1.26");
    await c.emu.advance("PT2M");
    const d = JSON.parse(await ok("get", "deploy", "web", "-o", "json"));
    assert.deepEqual([d.metadata.generation, d.status.observedGeneration, d.status.updatedReplicas, d.status.availableReplicas, d.status.replicas], [2, 2, 3, 3, 3]);
    const rs = JSON.parse(await ok("get", "rs", "-l", "app=web", "-o", "json")).items;
    assert.equal(rs.length, 2);
    assert.deepEqual(rs.map((x: any) => x.spec.replicas).sort(), [0, 3]);
    assert.deepEqual((await pods("app=web")).map((p) => p.spec.containers[0].image), ["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
    assert.equal(await ok("scale", "deployment/web", "--replicas=5"), "deployment.apps/web scaled\n");
    await c.emu.advance("PT30S");
    assert.equal((await pods("app=web")).filter((p) => p.status.phase === "Running").length, 5);
    await ok("scale", "deployment/web", "--replicas=1");
    assert.equal((await pods("app=web")).length, 1);
  });

  test("logs: synthetic, consistent lines of a running container; --tail; a pending pod's container is waiting", async () => {
    const [p] = await pods("app=web");
    await c.emu.advance("PT5M");
    const first = await ok("logs", p.metadata.name);
    assert.match(first, /^\/docker-entrypoint\.sh: /);
    assert.ok(first.split("\n").length > 5);
    assert.equal(await ok("logs", p.metadata.name), first);
    const tail = await ok("logs", p.metadata.name, "--tail=2", "--timestamps");
    assert.equal(tail.trimEnd().split("\n").length, 2);
    assert.match(tail, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  });
});

describe("the scheduler", () => {
  test("a cordoned cluster: Pending with FailedScheduling in the scheduler's words; uncordon and it runs", async () => {
    const nodes = (await ok("get", "nodes", "-o", "name")).trim().split("\n");
    for (const n of nodes) await ok("cordon", n);
    await ok("run", "lonely", "--image=nginx:1.25");
    const p = (await pods("run=lonely"))[0];
    assert.equal(p.status.phase, "Pending");
    assert.equal(p.spec.nodeName, undefined);
    const message = "0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    assert.deepEqual(p.status.conditions, [{ type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: p.status.conditions[0].lastTransitionTime, reason: "Unschedulable", message }]);
    const described = await ok("describe", "pod", "lonely");
    assert.ok(described.includes(`Warning  FailedScheduling  `), described);
    assert.ok(described.includes(`default-scheduler  ${message}`), described);
    for (const n of nodes) await ok("uncordon", n);
    await c.emu.advance("PT30S");
    assert.equal((await pods("run=lonely"))[0].status.phase, "Running");
    await ok("delete", "pod", "lonely");
  });

  test("a taint on every node: new pods Pending (untolerated taint); a toleration and nodeSelector are honoured; too large a request is Insufficient cpu", async () => {
    const nodes = (await ok("get", "nodes", "-o", "name")).trim().split("\n");
    for (const n of nodes) await ok("taint", "nodes", n.replace("node/", ""), "dedicated=gpu:NoSchedule");
    await ok("run", "blocked", "--image=busybox:1.36");
    const blocked = (await pods("run=blocked"))[0];
    assert.equal(blocked.status.conditions[0].message, "0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    const tolerant = `apiVersion: v1
kind: Pod
metadata: {name: tolerant}
spec:
  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  nodeSelector: {"kubernetes.io/hostname": ${nodes[1]!.replace("node/", "")}}
  containers: [{name: c, image: busybox:1.36}]
`;
    await apply(tolerant);
    assert.equal((await pods("!run", "default")).find((p) => p.metadata.name === "tolerant").spec.nodeName, nodes[1]!.replace("node/", ""));
    for (const n of nodes) await ok("taint", "nodes", n.replace("node/", ""), "dedicated=gpu:NoSchedule-");
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: huge, labels: {size: huge}}
spec:
  containers: [{name: c, image: busybox:1.36, resources: {requests: {cpu: "8"}}}]
`);
    const huge = (await pods("size=huge"))[0];
    assert.equal(huge.status.conditions[0].message, "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    await ok("delete", "pod", "blocked", "tolerant", "huge");
  });

  test("kube-system pods cannot run when every node carries a taint they do not tolerate", async () => {
    const nodes = (await ok("get", "nodes", "-o", "name")).trim().split("\n");
    for (const n of nodes) await ok("taint", "nodes", n.replace("node/", ""), "maintenance=true:NoSchedule");
    await ok("delete", "pod", "-n", "kube-system", "-l", "k8s-app=kube-dns");
    const coredns = await pods("k8s-app=kube-dns", "kube-system");
    assert.equal(coredns.length, 2);
    for (const p of coredns) {
      assert.equal(p.status.phase, "Pending");
      assert.match(p.status.conditions[0].message, /^0\/3 nodes are available: 3 node\(s\) had untolerated taint \{maintenance: true\}\. preemption: /);
    }
    for (const n of nodes) await ok("taint", "nodes", n.replace("node/", ""), "maintenance=true:NoSchedule-");
    await c.emu.advance("PT30S");
    for (const p of await pods("k8s-app=kube-dns", "kube-system")) assert.equal(p.status.phase, "Running");
  });
});

describe("jobs, daemonsets, statefulsets", () => {
  test("a job's pods run to completion: Succeeded pods, the Complete condition", async () => {
    await ok("create", "job", "pi", "--image=busybox:1.36", "--", "echo", "done");
    await c.emu.advance("PT1M");
    const waited = await c.kubectl(["wait", "--for=condition=complete", "job/pi", "--timeout=20s"]);
    assert.deepEqual([waited.code, waited.stdout], [0, "job.batch/pi condition met\n"], waited.stderr);
    const job = JSON.parse(await ok("get", "job", "pi", "-o", "json"));
    assert.deepEqual(job.status.conditions.map((x: any) => [x.type, x.status, x.reason]), [["Complete", "True", "CompletionsReached"]]);
    assert.equal(job.status.succeeded, 1);
    assert.ok(job.status.completionTime);
    const [p] = await pods("job-name=pi");
    assert.equal(p.status.phase, "Succeeded");
    assert.equal(p.status.containerStatuses[0].state.terminated.reason, "Completed");
    assert.match(await ok("get", "pods", "-l", "job-name=pi"), /0\/1\s+Completed/);
  });

  test("a daemonset runs one pod on every node; a statefulset creates its ordinals in order", async () => {
    await apply(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox:1.36}]}
`);
    await c.emu.advance("PT30S");
    const ds = await pods("app=agent");
    assert.equal(ds.length, 3);
    assert.equal(new Set(ds.map((p) => p.spec.nodeName)).size, 3);
    assert.ok(ds.every((p) => p.status.phase === "Running"));
    await apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: busybox:1.36}]}
`);
    assert.deepEqual((await pods("app=db")).map((p) => p.metadata.name), ["db-0"]);
    await c.emu.advance("PT2M");
    assert.deepEqual((await pods("app=db")).map((p) => `${p.metadata.name}:${p.status.phase}`), ["db-0:Running", "db-1:Running", "db-2:Running"]);
    assert.equal(JSON.parse(await ok("get", "sts", "db", "-o", "json")).status.readyReplicas, 3);
  });
});

describe("container restarts", () => {
  test("a container that exits under restartPolicy Always: restarted at once, then CrashLoopBackOff with a doubling back-off; kubectl shows the restarts; Never ends the pod", async () => {
    // The kubelet simulation's annotations: how long the container runs, and its exit code.
    const pod = (name: string, policy: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, annotations: {kubelet.aksemu.io/exit-after-seconds: "5", kubelet.aksemu.io/exit-code: "1"}}
spec: {restartPolicy: ${policy}, containers: [{name: app, image: busybox:1.36}]}
`;
    await apply(pod("crash", "Always"));
    await apply(pod("once", "Never"));
    // The waits read the pod from the API (the object `kubectl get pod crash -o json` prints): a
    // kubectl start per virtual second cost seconds; what kubectl shows is checked below.
    const kube = await kubeAccess(c.emu, "rg-kube", "kube1", "listClusterUserCredential");
    const crash = async () => {
      const r = await kube.call("GET", "/api/v1/namespaces/default/pods/crash");
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    /** Moves virtual time a second at a time until the pod's first container status satisfies `check`. */
    const until = async (what: string, check: (cs: any) => boolean) => {
      for (let i = 0; i < 40; i++) {
        const p = await crash();
        const cs = p.status.containerStatuses?.[0];
        if (cs && check(cs)) return { p, cs };
        await c.emu.advance("PT1S");
      }
      assert.fail(`crash never reached: ${what}`);
    };
    // Started after the pull, it exits 5 s later and is restarted at once.
    let { p, cs } = await until("restarted once", (x) => x.restartCount === 1 && x.state.running !== undefined);
    assert.equal(p.status.phase, "Running");
    assert.equal(cs.lastState.terminated.exitCode, 1);
    assert.equal(cs.lastState.terminated.reason, "Error");
    // It exits again 5 s later: CrashLoopBackOff for 10 s.
    ({ p, cs } = await until("CrashLoopBackOff", (x) => x.state.waiting?.reason === "CrashLoopBackOff"));
    assert.equal(cs.state.waiting.message, `back-off 10s restarting failed container=app pod=crash_default(${p.metadata.uid})`);
    assert.equal(cs.ready, false);
    assert.equal(cs.restartCount, 1);
    const table = (await ok("get", "pod", "crash")).split("\n");
    assert.match(table[1]!, /^crash\s+0\/1\s+CrashLoopBackOff\s+1 \(\d+s ago\)\s+\d+s$/);
    const events = await ok("get", "events", "--field-selector", "involvedObject.name=crash,reason=BackOff", "-o", "jsonpath={.items[*].message}");
    assert.equal(events, `Back-off restarting failed container app in pod crash_default(${p.metadata.uid})`);
    // After the back-off: the second restart; the next back-off is 20 s.
    await until("restarted twice", (x) => x.restartCount === 2 && x.state.running !== undefined);
    ({ cs } = await until("a 20 s back-off", (x) => x.state.waiting?.reason === "CrashLoopBackOff"));
    assert.match(cs.state.waiting.message, /^back-off 20s restarting failed container=app /);
    // restartPolicy Never: the pod ends Failed, never restarted.
    const once = JSON.parse(await ok("get", "pod", "once", "-o", "json"));
    assert.equal(once.status.phase, "Failed");
    assert.equal(once.status.containerStatuses[0].restartCount, 0);
    assert.match((await ok("get", "pod", "once")).split("\n")[1]!, /^once\s+0\/1\s+Error\s+0\s+/);
    await ok("delete", "pod", "crash", "once", "--wait=false");
  });
});
