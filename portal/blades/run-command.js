// Run command (seed 003): POST {cluster}/runCommand with a kubectl or helm line, then poll the
// commandResults Location until the result is in; the output is what `az aks command invoke` prints.
import { API, call, withVersion } from "../api.js";
import { badge, button, essentials, field, h, notifyError } from "../ui.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Python's str(datetime) of a UTC time, as az prints it: "2022-09-07 14:35:03+00:00". */
const pyTime = (iso) => (iso === undefined ? "None" : iso.replace("T", " ").replace(/\.\d+/, "").replace(/Z$/, "+00:00"));

/** az's _print_command_result. */
export function azOutput(p) {
  if (p.provisioningState === "Succeeded") return `command started at ${pyTime(p.startedAt)}, finished at ${pyTime(p.finishedAt)} with exitcode=${p.exitCode ?? "None"}\n${p.logs ?? "None"}\n`;
  if (p.provisioningState === "Failed") return `command failed with reason: ${p.reason ?? "None"}\n`;
  return `command is in ${p.provisioningState ?? "None"} state\n`;
}

export function render(p) {
  const command = h("textarea", { rows: "3", spellcheck: "false" }, "kubectl get nodes");
  const state = h("div", { id: "rc-state" });
  const output = h("pre", { id: "rc-output", "aria-label": "Command output", tabindex: "0" }, "");
  const runButton = button("Run", run, { id: "rc-run", appearance: "primary" });

  async function run() {
    runButton.disabled = true;
    output.textContent = "";
    state.replaceChildren(h("span", {}, "Starting the command pod…"));
    try {
      const res = await call("POST", withVersion(`${p.id}/runCommand`, API.aks), { command: command.value });
      let location = res.headers.get("location");
      let result = res.status === 200 ? res.body : undefined;
      while (!result && location && !p.signal.aborted) {
        const got = await call("GET", location);
        if (got.status === 200) result = got.body;
        else {
          location = got.headers.get("location") ?? location;
          state.replaceChildren(essentials([["Provisioning state", badge("Running")]]));
          await sleep(Number(got.headers.get("retry-after") ?? 1) * 500);
        }
      }
      if (!result) return;
      const props = result.properties ?? {};
      state.replaceChildren(essentials([["Command ID", result.id], ["Provisioning state", badge(props.provisioningState)], ["Exit code", String(props.exitCode ?? "—")], ["Started at", props.startedAt ?? "—"], ["Finished at", props.finishedAt ?? "—"]]));
      output.textContent = azOutput(props);
    } catch (err) {
      state.replaceChildren(h("span", { id: "rc-error" }, `(${err.code}) ${err.message}`));
      notifyError(err);
    } finally {
      runButton.disabled = false;
    }
  }

  return h(
    "div",
    {},
    h("h1", {}, "Run command"),
    h("p", { class: "subtitle" }, "Runs kubectl or helm inside the cluster (aksemu runs the real binaries without a shell), as az aks command invoke does."),
    h("div", { class: "card" }, field("rc-command", "Command", command), h("div", { class: "toolbar" }, runButton)),
    h("section", { class: "card", "aria-labelledby": "rc-result-title" }, h("h2", { id: "rc-result-title" }, "Result"), state, output),
  );
}
