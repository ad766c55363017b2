// Writes docs/api.md from the route table and the error catalog.
import { writeFileSync } from "node:fs";
import { renderApiDocs } from "../src/server/api-docs.js";

writeFileSync(new URL("../docs/api.md", import.meta.url), renderApiDocs());
