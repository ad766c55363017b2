// Writes docs/api.md (routes and error catalog) and docs/cli.md (azl commands) from their sources.
import { writeFileSync } from "node:fs";
import { renderCliDocs } from "../src/cli/azl/docs.js";
import { renderApiDocs } from "../src/server/api-docs.js";

writeFileSync(new URL("../docs/api.md", import.meta.url), renderApiDocs());
writeFileSync(new URL("../docs/cli.md", import.meta.url), renderCliDocs());
