// A consumer project outside the workspace, set up the way a user would: the client packed with
// `pnpm pack` (which rewrites workspace ranges; the tarball the client's `pack` task made),
// installed with npm into an empty folder, and the checks program next to it, as TypeScript to
// type-check and as JavaScript to run.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { run } from "./processes.js";

const here = dirname(fileURLToPath(import.meta.url));
export const programDir = join(here, "..", "program");
const clientDir = join(here, "..", "..", "..", "packages", "client");

export interface ConsumerProject {
  dir: string;
  /** The version field of the packed manifest and its dependencies, as installed. */
  manifest: { version: string; dependencies: Record<string, string> };
  remove(): void;
}

/** The tarball the client's `pack` task left in its `tarball/` folder, named as `pnpm pack` names it. */
function packedClient(): string {
  const { name, version } = JSON.parse(readFileSync(join(clientDir, "package.json"), "utf8")) as { name: string; version: string };
  const file = join(clientDir, "tarball", `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
  if (!existsSync(file)) throw new Error(`${file} is missing: pack the client first (pnpm exec turbo run pack --filter=${name})`);
  return file;
}

export async function createConsumerProject(): Promise<ConsumerProject> {
  const tarball = packedClient();
  const dir = mkdtempSync(join(tmpdir(), "postmark-client-consumer-"));
  try {

    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
    const installed = await run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", "--loglevel=error", tarball], {
      cwd: dir,
      timeoutMs: 180_000,
    });
    if (installed.code !== 0) throw new Error(`npm install of the packed client failed:\n${installed.stdout}\n${installed.stderr}`);

    for (const file of ["program.ts", "page.html"]) copyFileSync(join(programDir, file), join(dir, file));
    // The runtimes run JavaScript: each TypeScript file of the program is transpiled beside it.
    for (const name of ["program", "cli-entry", "worker-entry"]) {
      const source = readFileSync(join(programDir, `${name}.ts`), "utf8");
      const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true } });
      writeFileSync(join(dir, `${name}.js`), outputText);
    }

    const manifest = JSON.parse(readFileSync(join(dir, "node_modules", "@postmark-openapi", "client", "package.json"), "utf8"));
    return { dir, manifest, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
