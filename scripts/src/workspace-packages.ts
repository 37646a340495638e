// The workspace's packages, read from pnpm-workspace.yaml's `packages:` list (plain folders and
// `folder/*` patterns, the only forms this workspace uses).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface WorkspacePackage {
  dir: string;
  name: string;
  scripts: Record<string, string>;
}

export function workspacePackages(root: string): WorkspacePackage[] {
  const text = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(text)?.[1] ?? "";
  const patterns = [...block.matchAll(/-\s*["']?([^"'\n]+?)["']?\s*$/gm)].map((match) => match[1] ?? "");
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; scripts?: Record<string, string> };
      return { dir, name: manifest.name, scripts: manifest.scripts ?? {} };
    });
}

/** The tsconfig files a `typecheck` script hands to the compiler (`tsgo`, or `tsc`): each `-p <file>`, or tsconfig.json. */
export function typecheckConfigs(script: string): string[] {
  return script
    .split("&&")
    .filter((command) => /\b(?:tsgo|tsc)\b/.test(command))
    .map((command) => /(?:-p|--project)\s+(\S+)/.exec(command)?.[1] ?? "tsconfig.json");
}
