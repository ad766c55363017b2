// `aksemu start`'s Config from its arguments (--json is the command's own, not a setting). Shared by
// the command and the launcher, which reads it before the emulator's modules are loaded.
import { loadConfig, type Config } from "../config/config.js";

export const startConfig = (argv: readonly string[]): Config => loadConfig(argv.filter((a) => a !== "--json"), process.env);
