// A cluster's Overview: its essentials, node pools, and the actions az has (start, stop, scale a
// pool, upgrade), each the same ARM request az sends; the operation's Azure-AsyncOperation status
// is polled live (status, percentComplete) with an Abort button while it runs (seed 001).
import { API, call, get, list, poll, withVersion } from "../api.js";
import { badge, button, essentials, field, h, notify, notifyError, table } from "../ui.js";

const TERMINAL = new Set(["Succeeded", "Failed", "Canceled"]);

export async function render(p) {
  const root = h("div", {});
  const operation = h("section", { class: "card operation", id: "operation", "aria-live": "polite", hidden: true });
  let running = false;

  const title = h("div", {});
  const tools = h("div", {});
  const details = h("div", {});
  root.append(title, tools, operation, details);

  /** Reads the cluster and its pools again; the toolbar too unless an operation runs (keeps what was typed). */
  async function draw() {
    const [mc, pools] = await Promise.all([get(withVersion(p.id, API.aks)), list(withVersion(`${p.id}/agentPools`, API.aks))]);
    const props = mc.properties ?? {};
    title.replaceChildren(h("h1", {}, mc.name), h("p", { class: "subtitle" }, "Kubernetes service"));
    if (!running || tools.childElementCount === 0) tools.replaceChildren(toolbar(mc, pools));
    details.replaceChildren(
      h(
        "section",
        { class: "card", "aria-labelledby": "essentials-title" },
        h("h2", { id: "essentials-title" }, "Essentials"),
        essentials([
          ["Provisioning state", badge(props.provisioningState)],
          ["Power state", badge(props.powerState?.code)],
          ["Kubernetes version", props.currentKubernetesVersion ?? props.kubernetesVersion],
          ["API server address", props.fqdn ?? props.privateFQDN],
          ["Node resource group", props.nodeResourceGroup],
          ["Location", mc.location],
          ["Resource group", p.rg],
        ]),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "pools-title" },
        h("h2", { id: "pools-title" }, "Node pools"),
        table("Node pools", [
          { label: "Name", value: (a) => a.name },
          { label: "Mode", value: (a) => a.properties.mode },
          { label: "Node count", value: (a) => String(a.properties.count) },
          { label: "VM size", value: (a) => a.properties.vmSize },
          { label: "Version", value: (a) => a.properties.currentOrchestratorVersion ?? a.properties.orchestratorVersion },
          { label: "Provisioning state", value: (a) => badge(a.properties.provisioningState) },
          { label: "Power state", value: (a) => badge(a.properties.powerState?.code) },
        ], pools),
      ),
    );
    // An operation already running (started elsewhere, or before a reload): follow the latest one.
    if (!running && !TERMINAL.has(props.provisioningState ?? "Succeeded")) {
      try {
        const latest = await get(withVersion(`${p.id}/operations/latest`, API.aksPreview));
        if (latest?.status && !TERMINAL.has(latest.status)) follow(`${p.id}/operations/latest`, "Operation in progress", `${p.id}/abort`, API.aksPreview);
      } catch {
        // No operation history readable: the overview still shows the state.
      }
    }
  }

  function toolbar(mc, pools) {
    const poolSelect = h("select", {}, pools.map((a) => h("option", { value: a.name }, a.name)));
    const count = h("input", { type: "number", min: "0", max: "1000", value: String(pools[0]?.properties.count ?? 1), inputmode: "numeric" });
    poolSelect.addEventListener("change", () => (count.value = String(pools.find((a) => a.name === poolSelect.value)?.properties.count ?? 1)));
    const version = h("input", { value: mc.properties.kubernetesVersion ?? "", placeholder: "1.34" });
    return h(
      "div",
      { class: "toolbar", role: "toolbar", "aria-label": "Cluster actions" },
      button("Start", () => act("Start", "POST", `${p.id}/start`, undefined, `${p.id}/abort`), { id: "action-start" }),
      button("Stop", () => act("Stop", "POST", `${p.id}/stop`, undefined, `${p.id}/abort`), { id: "action-stop" }),
      button("Refresh", () => draw().catch(notifyError), { id: "action-refresh" }),
      field("scale-pool", "Node pool", poolSelect),
      field("scale-count", "Node count", count),
      button("Scale", () => scale(poolSelect.value, Number(count.value)), { id: "action-scale" }),
      field("upgrade-version", "Kubernetes version", version),
      button("Upgrade", () => upgrade(version.value.trim()), { id: "action-upgrade" }),
    );
  }

  /** az aks nodepool scale: GET the pool, PUT it back with the new count. */
  async function scale(pool, count) {
    const path = `${p.id}/agentPools/${encodeURIComponent(pool)}`;
    try {
      const current = await get(withVersion(path, API.aks));
      await act(`Scale ${pool} to ${count}`, "PUT", path, { properties: { ...writable(current.properties), count } }, `${path}/abort`);
    } catch (err) {
      notifyError(err);
    }
  }

  /** az aks upgrade: GET the cluster, PUT it back with the new version (pools follow the control plane, as az's default). */
  async function upgrade(version) {
    try {
      const mc = await get(withVersion(p.id, API.aks));
      const props = writable(mc.properties);
      props.kubernetesVersion = version;
      props.agentPoolProfiles = (props.agentPoolProfiles ?? []).map((a) => ({ ...writable(a), orchestratorVersion: version }));
      await act(`Upgrade to ${version}`, "PUT", p.id, { location: mc.location, ...(mc.tags ? { tags: mc.tags } : {}), ...(mc.identity ? { identity: { type: mc.identity.type, ...(mc.identity.userAssignedIdentities ? { userAssignedIdentities: mc.identity.userAssignedIdentities } : {}) } } : {}), ...(mc.sku ? { sku: mc.sku } : {}), properties: props }, `${p.id}/abort`);
    } catch (err) {
      notifyError(err);
    }
  }

  /** Sends one action and follows its operation. */
  async function act(title, method, path, body, abortPath) {
    try {
      const res = await call(method, withVersion(path, API.aks), body);
      const url = res.headers.get("azure-asyncoperation");
      notify(title, `${title}: request accepted (${res.status}).`, "info");
      if (url) follow(url, title, abortPath);
      else await draw();
    } catch (err) {
      notifyError(err);
    }
  }

  /** Polls an operation's status into the operation card, with Abort while it runs. */
  function follow(url, title, abortPath, statusVersion = API.aks) {
    running = true;
    const state = h("span", { id: "operation-status" }, "InProgress");
    const percent = h("span", { id: "operation-percent" }, "");
    const progress = h("fluent-progress-bar", { max: "100", value: "0", "aria-label": "Operation progress" });
    const abort = h("fluent-button", { appearance: "secondary", id: "action-abort" }, "Abort");
    abort.addEventListener("click", async () => {
      try {
        const res = await call("POST", withVersion(abortPath, API.aks));
        notify("Abort", `Abort requested (${res.status}).`, "warning");
      } catch (err) {
        notifyError(err);
      }
    });
    operation.hidden = false;
    operation.replaceChildren(h("h2", {}, title), h("div", { class: "row" }, h("span", {}, "Status: "), state, percent), progress, abort);
    const target = url.startsWith("http") ? url : withVersion(url, statusVersion);
    poll(target, (st) => {
      if (p.signal.aborted) throw new Error("left");
      // The essentials follow the operation (Upgrading, Canceling, ...) as it moves.
      if (st.status !== state.textContent || !percent.textContent.startsWith(`${st.percentComplete}%`)) draw().catch(() => {});
      state.textContent = st.status;
      if (typeof st.percentComplete === "number") {
        percent.textContent = `${st.percentComplete}%`;
        progress.setAttribute("value", String(st.percentComplete));
      }
      abort.hidden = st.status !== "InProgress";
    })
      .then(async (st) => {
        running = false;
        if (st.status === "Failed") notify(st.error?.code ?? "Failed", st.error?.message ?? `${title} failed.`, "error");
        else notify(title, `${title}: ${st.status}.`, st.status === "Succeeded" ? "success" : "warning");
        await draw();
      })
      .catch((err) => {
        running = false;
        if (!p.signal.aborted) notifyError(err);
      });
  }

  await draw();
  return root;
}

// What a GET answers but a PUT may not send back (read-only in the spec), as the SDKs leave them out.
const READ_ONLY = ["provisioningState", "powerState", "fqdn", "azurePortalFQDN", "privateFQDN", "maxAgentPools", "currentKubernetesVersion", "currentOrchestratorVersion", "nodeImageVersion", "etag", "status"];
function writable(props) {
  const out = { ...props };
  for (const k of READ_ONLY) delete out[k];
  return out;
}
