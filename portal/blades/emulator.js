// The emulator's own controls (/_aksemu): the virtual clock, faults, seed 002's named scenarios,
// snapshots and reset (how a rehearsal clears a scenario: restore what was saved before it) and
// the principals one may sign in as. Calls need a token of the emulator's tenant, like any client's.
import { call, get, signIn, session } from "../api.js";
import { badge, button, essentials, field, h, notify, notifyError, table } from "../ui.js";

export async function render(p) {
  const clockCard = h("section", { class: "card", id: "clock", "aria-labelledby": "clock-title" });
  const faultsCard = h("section", { class: "card", id: "faults", "aria-labelledby": "faults-title" });
  const scenariosCard = h("section", { class: "card", id: "scenarios", "aria-labelledby": "scenarios-title" });
  const principalsCard = h("section", { class: "card", id: "principals", "aria-labelledby": "principals-title" });
  const stateCard = h("section", { class: "card", id: "state", "aria-labelledby": "state-title" });
  const guard = (fn) => async () => {
    try {
      await fn();
    } catch (err) {
      notifyError(err);
    }
  };

  async function clock() {
    const c = await get("/_aksemu/clock");
    const by = h("input", { value: "PT5M", placeholder: "PT5M, PT1H, P1D" });
    clockCard.replaceChildren(
      h("h2", { id: "clock-title" }, "Virtual clock"),
      essentials([["Mode", c.mode], ["Speed", String(c.speed)], ["Now", h("span", { id: "clock-now" }, c.now)]]),
      h(
        "div",
        { class: "toolbar" },
        field("clock-by", "Advance by (ISO 8601 duration)", by),
        button("Advance", guard(async () => {
          await call("POST", "/_aksemu/clock/advance", { by: by.value.trim() });
          await clock();
        }), { id: "clock-advance" }),
      ),
      c.mode === "manual" ? "" : h("p", { class: "subtitle" }, "Advancing works on a manual clock (aksemu start --clock manual)."),
    );
  }

  async function faults() {
    const list = (await get("/_aksemu/faults")).value ?? [];
    const json = h("textarea", { rows: "4", spellcheck: "false" }, JSON.stringify({ match: { operationType: "PutManagedCluster" }, effect: { hang: true }, times: 1 }, null, 1));
    faultsCard.replaceChildren(
      h("h2", { id: "faults-title" }, "Faults"),
      table("Faults", [
        { label: "ID", value: (f) => f.id },
        { label: "Match", value: (f) => h("code", {}, JSON.stringify(f.match)) },
        { label: "Effect", value: (f) => h("code", {}, JSON.stringify(f.effect)) },
        { label: "Seen / fired / remaining", value: (f) => `${f.seen} / ${f.fired} / ${f.remaining ?? "∞"}` },
        { label: "", value: (f) => button("Remove", guard(async () => (await call("DELETE", `/_aksemu/faults/${encodeURIComponent(f.id)}`), await faults())), { "aria-label": `Remove fault ${f.id}` }) },
      ], list, "No faults injected."),
      h(
        "div",
        { class: "toolbar" },
        h("div", { style: "flex: 1" }, field("fault-json", "New fault (JSON, docs/scenarios.md)", json)),
        button("Add fault", guard(async () => (await call("POST", "/_aksemu/faults", JSON.parse(json.value)), await faults())), { id: "fault-add" }),
        button("Remove all", guard(async () => (await call("DELETE", "/_aksemu/faults"), await faults())), { id: "fault-clear" }),
      ),
    );
  }

  async function scenarios() {
    const all = (await get("/_aksemu/scenarios")).value ?? [];
    const pick = h("select", {}, all.map((s) => h("option", { value: s.name }, `${s.name} (${s.scope})`)));
    const rg = h("input", { placeholder: "resource group" });
    const cluster = h("input", { placeholder: "cluster" });
    const pool = h("input", { placeholder: "optional" });
    const about = h("div", { id: "scenario-about" });
    const describe = () => {
      const s = all.find((x) => x.name === pick.value);
      if (!s) return;
      about.replaceChildren(essentials([["Seed", `${s.seed?.symptom ?? ""}: ${s.seed?.cause ?? ""}`], ["Sets", s.sets], ["You see", `${s.sees?.where ?? ""} (${s.sees?.code ?? ""})`], ["Remedy", h("pre", {}, (s.remedy ?? []).join("\n"))]]));
      for (const input of [rg, cluster, pool]) input.disabled = s.scope !== "cluster";
    };
    pick.addEventListener("change", describe);
    scenariosCard.replaceChildren(
      h("h2", { id: "scenarios-title" }, "Scenarios (seed 002)"),
      h(
        "div",
        { class: "toolbar" },
        field("scenario-name", "Scenario", pick),
        field("scenario-rg", "Resource group", rg),
        field("scenario-cluster", "Cluster", cluster),
        field("scenario-pool", "Node pool", pool),
        button("Apply", guard(async () => {
          const s = all.find((x) => x.name === pick.value);
          const body = s.scope === "cluster" ? { resourceGroup: rg.value.trim(), cluster: cluster.value.trim(), ...(pool.value.trim() ? { pool: pool.value.trim() } : {}) } : {};
          const res = await call("POST", `/_aksemu/scenarios/${encodeURIComponent(s.name)}`, body);
          notify(`Scenario ${s.name}`, `Applied: ${JSON.stringify(res.body?.applied ?? {})}`, "success");
          await faults();
        }), { id: "scenario-apply", appearance: "primary" }),
      ),
      h("p", { class: "subtitle" }, "To clear a scenario afterwards, save a snapshot first (below) and restore it."),
      about,
    );
    describe();
  }

  async function state() {
    const list = (await get("/_aksemu/snapshots")).value ?? [];
    const name = h("input", { placeholder: "before-rehearsal" });
    const act = (label, fn) => guard(async () => {
      await fn();
      notify(label, "Done.", "success");
      await Promise.all([state(), clock(), faults()]);
    });
    stateCard.replaceChildren(
      h("h2", { id: "state-title" }, "Snapshots and reset"),
      table("Snapshots", [
        { label: "Name", value: (x) => x.name },
        { label: "Saved", value: (x) => x.createdAt },
        { label: "Virtual time", value: (x) => x.virtualTime },
        { label: "Documents", value: (x) => String(x.documents) },
        {
          label: "",
          value: (x) =>
            h(
              "span",
              { class: "toolbar" },
              button("Restore", act(`Snapshot ${x.name} restored`, () => call("POST", `/_aksemu/snapshots/${encodeURIComponent(x.name)}/restore`)), { "aria-label": `Restore snapshot ${x.name}` }),
              button("Delete", act(`Snapshot ${x.name} deleted`, () => call("DELETE", `/_aksemu/snapshots/${encodeURIComponent(x.name)}`)), { "aria-label": `Delete snapshot ${x.name}` }),
            ),
        },
      ], list, "No snapshots saved."),
      h(
        "div",
        { class: "toolbar" },
        field("snapshot-name", "Snapshot name", name),
        button("Save snapshot", act("Snapshot saved", () => call("POST", "/_aksemu/snapshots", { name: name.value.trim() })), { id: "snapshot-save" }),
        button("Reset everything", guard(async () => {
          if (!confirm("Reset the emulator to its first-start state? Resources, operations, the activity log and faults go; snapshots and principals stay.")) return;
          await act("Emulator reset", () => call("POST", "/_aksemu/reset", {}))();
        }), { id: "reset-all" }),
      ),
    );
  }

  async function principals() {
    const list = (await get("/_aksemu/principals")).value ?? [];
    const name = h("input", { placeholder: "display name" });
    const current = session()?.clientId;
    principalsCard.replaceChildren(
      h("h2", { id: "principals-title" }, "Principals"),
      table("Principals", [
        { label: "Display name", value: (x) => x.displayName ?? "" },
        { label: "Client ID", value: (x) => x.clientId },
        { label: "Object ID", value: (x) => x.objectId },
        { label: "", value: (x) => (x.clientId === current ? badge("Signed in") : "") },
      ], list),
      h(
        "div",
        { class: "toolbar" },
        field("principal-name", "New principal", name),
        button("Add principal", guard(async () => {
          const res = await call("POST", "/_aksemu/principals", name.value.trim() ? { displayName: name.value.trim() } : {});
          const added = res.body;
          const signInAs = button("Sign in as it", guard(async () => (await signIn(session().tenant, added.clientId, added.clientSecret), location.reload())));
          notify("Principal added", `Client ID ${added.clientId}, secret ${added.clientSecret} (shown once). It has no role assignment yet.`, "success").append(signInAs);
          await principals();
        }), { id: "principal-add" }),
      ),
    );
  }

  await Promise.all([clock(), faults(), scenarios(), state(), principals()].map((x) => x.catch(notifyError)));
  void p;
  return h("div", {}, h("h1", {}, "Emulator"), h("p", { class: "subtitle" }, "aksemu's own controls (the /_aksemu control API)."), clockCard, faultsCard, scenariosCard, stateCard, principalsCard);
}
