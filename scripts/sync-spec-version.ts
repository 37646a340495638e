// Usage: tsx scripts/sync-spec-version.ts — run by `npm run version-packages` after `changeset version`.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { syncSpecVersion } from "./src/spec-version.js";

const specDir = join(dirname(fileURLToPath(import.meta.url)), "..", "openapi");
const { version, changed } = syncSpecVersion(specDir);
console.log(changed ? `openapi.yaml info.version set to ${version}` : `openapi.yaml info.version already ${version}`);
