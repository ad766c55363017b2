// Fluent UI's web components (the Azure portal's design system), from @fluentui/web-components'
// prebuilt bundle, with the web light theme's design tokens. Served from node_modules by aksemu.
import * as fluent from "/portal/vendor/fluent-web-components.js";
import { webLightTheme } from "/portal/vendor/fluent-tokens/index.js";

fluent.setTheme(webLightTheme);
// Only what the blades use: each component class defines its element from its definition.
for (const name of ["Badge", "Button", "Divider", "MessageBar", "ProgressBar", "Spinner", "Tab", "Tablist"]) fluent[name].define(fluent[`${name}Definition`]);

export const ready = Promise.all(["fluent-button", "fluent-tablist", "fluent-tab", "fluent-message-bar"].map((t) => customElements.whenDefined(t)));
