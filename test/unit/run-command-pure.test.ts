// The pure parts of run command: words split as a POSIX shell splits them (with no shell), the
// refusals, Kubernetes RBAC decisions and messages, and gatekeeper's judgement of a pod.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { normalizePath, parseCommandLine, splitWords } from "../../src/providers/containerservice/domain/command-line.js";
import { authorize, forbiddenMessage, type RbacObjects } from "../../src/kube/rbac/authorize.js";
import { gatekeeperMessage, gatekeeperViolations } from "../../src/providers/authorization/policy/domain/gatekeeper.js";
import { BUILTIN_DEFINITIONS } from "../../src/providers/authorization/policy/domain/builtin-definitions.js";
import type { PolicyState } from "../../src/providers/authorization/policy/domain/records.js";

describe("splitWords: sh's word splitting", () => {
  const cases: [string, string[]][] = [
    ["kubectl get pods", ["kubectl", "get", "pods"]],
    ["  kubectl\tget\n pods  ", ["kubectl", "get", "pods"]],
    [`kubectl get pods -o 'jsonpath={.items[*].metadata.name}'`, ["kubectl", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}"]],
    [`kubectl annotate pod p "a=b c"`, ["kubectl", "annotate", "pod", "p", "a=b c"]],
    [`kubectl label pod p a\\ b=c`, ["kubectl", "label", "pod", "p", "a b=c"]],
    [`helm install x "./chart" --set 'a=$HOME'`, ["helm", "install", "x", "./chart", "--set", "a=$HOME"]],
    [`kubectl get "a\\"b" 'c'"d"e`, ["kubectl", "get", 'a"b', "cde"]],
    [`kubectl get ""`, ["kubectl", "get", ""]],
    ["kubectl get pods \\\n -A", ["kubectl", "get", "pods", "-A"]],
  ];
  for (const [line, words] of cases) test(line, () => assert.deepEqual(splitWords(line), words));
  test("what needs a shell is refused", () => {
    assert.deepEqual(splitWords("a | b"), { refused: "a pipe ('|') needs a shell" });
    assert.deepEqual(splitWords('a "$(b)"'), { refused: "command substitution ('$(...)') needs a shell" });
    assert.deepEqual(splitWords('a "$HOME"'), { refused: "parameter expansion ('$') needs a shell" });
    assert.deepEqual(splitWords("a 2>&1"), { refused: "a redirection ('>') needs a shell" });
    assert.deepEqual(splitWords('a "b'), { refused: "a double quote is not closed" });
    assert.deepEqual(splitWords("a '|' ';' '&&' '$(x)'"), ["a", "|", ";", "&&", "$(x)"]);
  });
});

describe("parseCommandLine: binaries and paths", () => {
  test("kubectl and helm only; relative paths inside the directory; --raw takes an API path", () => {
    assert.deepEqual(parseCommandLine("kubectl apply -f dir/../ns.yaml"), { binary: "kubectl", args: ["apply", "-f", "dir/../ns.yaml"] });
    assert.deepEqual(parseCommandLine("kubectl get --raw /api/v1"), { binary: "kubectl", args: ["get", "--raw", "/api/v1"] });
    assert.deepEqual(parseCommandLine("helm list -A"), { binary: "helm", args: ["list", "-A"] });
    assert.deepEqual(parseCommandLine("/usr/bin/kubectl get pods"), { refused: "'/usr/bin/kubectl' is not allowed: only kubectl and helm are" });
    assert.deepEqual(parseCommandLine(""), { refused: "it is empty" });
    assert.ok("refused" in parseCommandLine("kubectl apply -f ~/x.yaml"));
    assert.ok("refused" in parseCommandLine("kubectl create cm x --from-file=k=../../etc/passwd"));
    assert.equal(normalizePath("a/./b/../../../c"), "../c");
  });
});

describe("Kubernetes RBAC", () => {
  const role = { metadata: { name: "pod-reader", namespace: "default" }, rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] }, { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"], resourceNames: ["web"] }] };
  const binding = { metadata: { name: "b", namespace: "default" }, roleRef: { kind: "Role", name: "pod-reader" }, subjects: [{ kind: "Group", name: "devs" }] };
  const admin = { metadata: { name: "admin" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] };
  const crb = { metadata: { name: "ops" }, roleRef: { kind: "ClusterRole", name: "admin" }, subjects: [{ kind: "User", name: "ops-1" }] };
  const world: RbacObjects = { roles: (ns) => (ns === "default" ? [role] : []), roleBindings: (ns) => (ns === "default" ? [binding] : []), clusterRoles: () => [admin], clusterRoleBindings: () => [crb] };
  const dev = { name: "u1", groups: ["devs", "system:authenticated"] };
  test("rules, verbs, subresources, resourceNames, bindings by user and group; masters bypass", () => {
    assert.equal(authorize(world, dev, { verb: "list", group: "", resource: "pods", namespace: "default" }), true);
    assert.equal(authorize(world, dev, { verb: "get", group: "", resource: "pods", subresource: "log", namespace: "default", name: "p" }), true);
    assert.equal(authorize(world, dev, { verb: "delete", group: "", resource: "pods", namespace: "default", name: "p" }), false);
    assert.equal(authorize(world, dev, { verb: "list", group: "", resource: "pods", namespace: "other" }), false);
    assert.equal(authorize(world, dev, { verb: "get", group: "apps", resource: "deployments", namespace: "default", name: "web" }), true);
    assert.equal(authorize(world, dev, { verb: "get", group: "apps", resource: "deployments", namespace: "default", name: "api" }), false);
    assert.equal(authorize(world, dev, { verb: "list", group: "apps", resource: "deployments", namespace: "default" }), false);
    assert.equal(authorize(world, { name: "ops-1", groups: [] }, { verb: "delete", group: "", resource: "nodes", name: "n" }), true);
    assert.equal(authorize(world, { name: "x", groups: ["system:masters"] }, { verb: "delete", group: "", resource: "nodes" }), true);
  });
  test("the apiserver's Forbidden texts (ERROR-TEXTS §14)", () => {
    assert.equal(forbiddenMessage(dev, { verb: "list", group: "", resource: "pods", namespace: "default" }), 'pods is forbidden: User "u1" cannot list resource "pods" in API group "" in the namespace "default"');
    assert.equal(forbiddenMessage(dev, { verb: "list", group: "", resource: "nodes" }), 'nodes is forbidden: User "u1" cannot list resource "nodes" in API group "" at the cluster scope');
    assert.equal(forbiddenMessage(dev, { verb: "get", group: "apps", resource: "deployments", namespace: "d", name: "w" }), 'deployments.apps "w" is forbidden: User "u1" cannot get resource "deployments" in API group "apps" in the namespace "d"');
  });
});

describe("gatekeeper", () => {
  const CLUSTER = { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c", type: "Microsoft.ContainerService/managedClusters", name: "c" };
  const defs = new Map(BUILTIN_DEFINITIONS.map((d) => [d.id.toLowerCase(), d]));
  const assignment = (name: string, definition: string, parameters: Record<string, unknown>, scope = "/subscriptions/s") => ({
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    properties: { policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${definition}`, scope, notScopes: [], parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])), metadata: {}, enforcementMode: "Default" as const, instanceId: "i" },
  });
  const state = (...assignments: ReturnType<typeof assignment>[]): PolicyState => ({ kind: "policyState", subscriptionId: "s", definitions: {}, assignments: Object.fromEntries(assignments.map((a) => [a.id.toLowerCase(), a])), exemptions: {} });
  const pod = (image: string, privileged = false, labels: Record<string, string> = {}) => ({ metadata: { name: "p", labels }, spec: { containers: [{ name: "c1", image, ...(privileged ? { securityContext: { privileged: true } } : {}) }] } });
  const judge = (s: PolicyState, object: ReturnType<typeof pod>, namespace = "default") => gatekeeperViolations({ state: s, cluster: CLUSTER, review: { group: "", kind: "Pod", namespace, object }, now: 0, definition: (id) => defs.get(id.toLowerCase()) });
  const images = assignment("acr", "febd0533-8e55-448f-b837-bd0e06f16469", { allowedContainerImagesRegex: "^acr\\.io/.+$" });
  test("allowed images: the regex, namespace exclusions (always kube-system), label selectors", () => {
    const v = judge(state(images), pod("nginx"));
    assert.equal(v.length, 1);
    assert.match(gatekeeperMessage(v), /^\[denied by azurepolicy-k8sazurev2containerallowedimages-[0-9a-f]{20}\] Container image nginx for container c1 has not been allowed\.$/);
    assert.deepEqual(judge(state(images), pod("acr.io/web:1")), []);
    assert.deepEqual(judge(state(images), pod("nginx"), "kube-system"), []);
    const excluded = assignment("acr", "febd0533-8e55-448f-b837-bd0e06f16469", { allowedContainerImagesRegex: "^acr\\.io/.+$", excludedNamespaces: ["aks-command"] });
    assert.deepEqual(judge(state(excluded), pod("nginx"), "aks-command"), []);
    const selected = assignment("acr", "febd0533-8e55-448f-b837-bd0e06f16469", { allowedContainerImagesRegex: "^acr\\.io/.+$", labelSelector: { matchLabels: { tier: "web" } } });
    assert.deepEqual(judge(state(selected), pod("nginx")), []);
    assert.equal(judge(state(selected), pod("nginx", false, { tier: "web" })).length, 1);
  });
  test("no privileged containers; a scope that does not cover the cluster, DoNotEnforce and audit deny nothing", () => {
    const noPriv = assignment("np", "95edb821-ddaf-4404-9732-666045e056b4", {});
    assert.equal(gatekeeperMessage(judge(state(noPriv), pod("nginx", true))).replace(/-[0-9a-f]{20}\]/, "-X]"), '[denied by azurepolicy-k8sazurev2noprivilege-X] Privileged container is not allowed: c1, securityContext: {"privileged":true}');
    assert.deepEqual(judge(state(noPriv), pod("nginx")), []);
    assert.deepEqual(judge(state(assignment("acr", "febd0533-8e55-448f-b837-bd0e06f16469", { allowedContainerImagesRegex: "^a$" }, "/subscriptions/s/resourceGroups/other")), pod("nginx")), []);
    assert.deepEqual(judge(state({ ...images, properties: { ...images.properties, enforcementMode: "DoNotEnforce" as never } }), pod("nginx")), []);
    assert.deepEqual(judge(state(assignment("acr", "febd0533-8e55-448f-b837-bd0e06f16469", { allowedContainerImagesRegex: "^a$", effect: "Audit" })), pod("nginx")), []);
  });
});
