// The environment every workspace command runs in: the workspace's Node (when the bootstrap
// fetched one), the pinned pnpm from .tools/ and the workspace's own binaries first on PATH, and
// the tools' telemetry off.
// Kept as type-checked JavaScript: the bootstrap imports it before anything is installed.
import { delimiter, join } from "node:path";

/**
 * @param {string} root the repository root
 * @param {NodeJS.ProcessEnv} [base] the environment to extend
 * @param {string} [nodeBinDir] the folder of the Node to run everything on, first on PATH; without
 *   it `node` is whichever PATH already finds
 * @returns {NodeJS.ProcessEnv}
 */
export function workspaceEnv(root, base = process.env, nodeBinDir) {
  const tools = [join(root, ".tools", "node_modules", ".bin"), join(root, "node_modules", ".bin")];
  return {
    ...base,
    PATH: [...(nodeBinDir ? [nodeBinDir] : []), ...tools, base.PATH].join(delimiter),
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    REDOCLY_TELEMETRY: "off",
    REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  };
}
