// Sign in: a principal's client credentials for a real token from the emulator's Entra ID endpoint.
// The default principal is prefilled; any principal added with POST /_aksemu/principals works.
import { DEFAULT_PRINCIPAL, signIn } from "../api.js";
import { field, h, notifyError } from "../ui.js";

export function render({ go }) {
  const tenant = h("input", { value: DEFAULT_PRINCIPAL.tenant, autocomplete: "off", required: true });
  const clientId = h("input", { value: DEFAULT_PRINCIPAL.clientId, autocomplete: "username", required: true });
  const secret = h("input", { type: "password", value: DEFAULT_PRINCIPAL.clientSecret, autocomplete: "current-password", required: true });
  const submit = h("fluent-button", { appearance: "primary", type: "submit", id: "sign-in" }, "Sign in");
  const form = h(
    "form",
    { "aria-labelledby": "signin-title" },
    field("signin-tenant", "Tenant ID", tenant),
    field("signin-client-id", "Client ID", clientId),
    field("signin-secret", "Client secret", secret),
    submit,
  );
  // The button's click and the form's submit (Enter in a field) both come here: one sign-in at a
  // time, or the second would find the deep link already taken and land on Home.
  let sending = false;
  const send = async (e) => {
    e?.preventDefault();
    if (sending) return;
    sending = true;
    try {
      await signIn(tenant.value.trim(), clientId.value.trim(), secret.value);
      const after = sessionStorage.getItem("aksemu.portal.after");
      sessionStorage.removeItem("aksemu.portal.after");
      go(after && after !== "#/signin" ? after : "#/");
    } catch (err) {
      notifyError(err);
    } finally {
      sending = false;
    }
  };
  form.addEventListener("submit", send);
  // A fluent-button is not a native submit button: click submits the form.
  submit.addEventListener("click", send);
  return h(
    "div",
    { class: "signin card" },
    h("h1", { id: "signin-title" }, "Sign in to aksemu"),
    h("p", { class: "subtitle" }, "A service principal's client credentials. Every call the portal makes uses its token, so its role assignments decide what you see and may do."),
    form,
  );
}
