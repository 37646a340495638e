// Builds dist/: the docs page (index.html) rendered by `redocly build-docs` from a copy of the
// bundled spec decorated with code samples, plus the bundled spec itself for download.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findAppDir } from "./app-dir.js";
import { decorateSpec } from "./decorate-spec.js";
import { replaceFooterLogo } from "./footer-logo.js";
import { bundledSpecFiles, listOperations, loadBundledSpec } from "./spec.js";

export const appDir = findAppDir(import.meta.url);
export const distDir = join(appDir, "dist");
export const decoratedSpecFile = join(distDir, "openapi.docs.json");
export const pageFile = join(distDir, "index.html");
// Built here first, then renamed to dist/, so a server or test reading dist/ never sees half a build.
const stagingDir = join(appDir, ".dist-staging");

const redoclyCli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js");

function buildPage(specFile: string, outputFile: string): void {
  const result = spawnSync(
    process.execPath,
    [redoclyCli, "build-docs", specFile, "--inlineBundle", "--output", outputFile, "--template", "template.hbs", "--config", "redocly.yaml"],
    {
      cwd: appDir,
      stdio: "inherit",
      // Telemetry is off in redocly.yaml too; the variables also cover the update check.
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`redocly build-docs failed with exit code ${result.status}`);
}

function main(): void {
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  const stagedSpec = join(stagingDir, "openapi.docs.json");
  const stagedPage = join(stagingDir, "index.html");

  const decorated = decorateSpec(loadBundledSpec());
  writeFileSync(stagedSpec, `${JSON.stringify(decorated, null, 2)}\n`);
  copyFileSync(bundledSpecFiles.json, join(stagingDir, "openapi.json"));
  copyFileSync(bundledSpecFiles.yaml, join(stagingDir, "openapi.yaml"));

  buildPage(stagedSpec, stagedPage);
  writeFileSync(stagedPage, replaceFooterLogo(readFileSync(stagedPage, "utf8")));

  rmSync(distDir, { recursive: true, force: true });
  renameSync(stagingDir, distDir);

  const operations = listOperations(decorated).length;
  const webhooks = Object.keys(decorated.webhooks ?? {}).length;
  console.log(`Built ${relative(appDir, pageFile)}: ${operations} operations with curl and TypeScript samples, ${webhooks} webhook payloads.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
