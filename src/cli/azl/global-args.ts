// Arguments every command takes, as az defines them.
import type { ArgSpec } from "./spec.js";

export const OUTPUT_FORMATS = ["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"] as const;

export const GLOBAL_ARGS: readonly ArgSpec[] = [
  { name: "debug", help: "Increase logging verbosity to show all debug logs.", flag: true },
  { name: "help", short: "h", help: "Show this help message and exit.", flag: true },
  { name: "only-show-errors", help: "Only show errors, suppressing warnings.", flag: true },
  { name: "output", short: "o", help: "Output format.", choices: OUTPUT_FORMATS, defaultValue: "json" },
  { name: "query", help: "JMESPath query string. See http://jmespath.org/ for more information and examples." },
  { name: "subscription", help: "Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`." },
  { name: "verbose", help: "Increase logging verbosity. Use --debug for full debug logs.", flag: true },
];
