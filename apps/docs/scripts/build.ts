// Builds dist/, the docs site:
// - index.html, Postmark's API, rendered by `redocly build-docs` from a copy of the bundled spec
//   decorated with code samples, next to the bundled spec itself for download;
// - mock-api.html, the local Postmark's own API, rendered the same way from the mock package's
//   bundle, next to that bundle;
// - testing.html, the guide, rendered from guide/testing.md, with the mock's inbox screenshot.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findAppDir } from "./app-dir.js";
import { decorateMockApi, loadMockApiSpec, mockApiSpecFile } from "./decorate-mock-api.js";
import { decorateSpec } from "./decorate-spec.js";
import { replaceFooterLogo } from "./footer-logo.js";
import { guideSourceFile, renderGuidePage } from "./guide.js";
import { sitePages } from "./site-pages.js";
import { bundledSpecFiles, listOperations, loadBundledSpec } from "./spec.js";

export const appDir = findAppDir(import.meta.url);
export const distDir = join(appDir, "dist");
export const decoratedSpecFile = join(distDir, "openapi.docs.json");
export const pageFile = join(distDir, sitePages.reference.file);
export const decoratedMockApiFile = join(distDir, "mock-api.docs.json");
export const mockApiPageFile = join(distDir, sitePages.mockApi.file);
export const guidePageFile = join(distDir, sitePages.guide.file);
// Built here first, then renamed to dist/, so a server or test reading dist/ never sees half a build.
const stagingDir = join(appDir, ".dist-staging");

// The mock package's screenshot of its inbox page, which the guide shows. It is read from the
// package's folder: the docs are built inside the workspace, and the published package leaves it out.
const inboxScreenshotFile = join(dirname(createRequire(import.meta.url).resolve("@postmark-openapi/mock/package.json")), "docs", "inbox.png");

const redoclyCli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin", "cli.js");

interface RedocPage {
  specFile: string;
  outputFile: string;
  config: string;
  metaDescription: string;
}

/** Runs `redocly build-docs` for one page; the two pages build side by side. */
function buildRedocPage({ specFile, outputFile, config, metaDescription }: RedocPage): Promise<void> {
  const args = [redoclyCli, "build-docs", specFile, "--inlineBundle", "--output", outputFile, "--template", "template.hbs", "--config", config];
  const child = spawn(process.execPath, [...args, `--templateOptions.metaDescription=${metaDescription}`], {
    cwd: appDir,
    stdio: "inherit",
    // Telemetry is off in the config too; the variables also cover the update check.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`redocly build-docs ${relative(appDir, specFile)} failed with exit code ${code}`))));
  });
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function main(): Promise<void> {
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  const staged = (file: string): string => join(stagingDir, relative(distDir, file));

  const decorated = decorateSpec(loadBundledSpec());
  writeJson(staged(decoratedSpecFile), decorated);
  copyFileSync(bundledSpecFiles.json, join(stagingDir, "openapi.json"));
  copyFileSync(bundledSpecFiles.yaml, join(stagingDir, "openapi.yaml"));

  const mockApi = decorateMockApi(loadMockApiSpec());
  writeJson(staged(decoratedMockApiFile), mockApi);
  copyFileSync(mockApiSpecFile, join(stagingDir, "mock-api.json"));

  await Promise.all([
    buildRedocPage({
      specFile: staged(decoratedSpecFile),
      outputFile: staged(pageFile),
      config: "redocly.yaml",
      metaDescription: "Reference of the Postmark email API, with curl and TypeScript samples for every operation.",
    }),
    buildRedocPage({
      specFile: staged(decoratedMockApiFile),
      outputFile: staged(mockApiPageFile),
      config: "redocly.mock-api.yaml",
      metaDescription: "The local Postmark's own API: captured messages, simulated events, inbound email, faults and the webhook log.",
    }),
  ]);
  for (const page of [pageFile, mockApiPageFile]) writeFileSync(staged(page), replaceFooterLogo(readFileSync(staged(page), "utf8")));
  writeFileSync(staged(guidePageFile), renderGuidePage(readFileSync(guideSourceFile, "utf8")));
  copyFileSync(inboxScreenshotFile, join(stagingDir, "inbox.png"));

  rmSync(distDir, { recursive: true, force: true });
  renameSync(stagingDir, distDir);

  const operations = listOperations(decorated).length;
  const webhooks = Object.keys(decorated.webhooks ?? {}).length;
  console.log(`Built ${relative(appDir, pageFile)}: ${operations} operations with curl and TypeScript samples, ${webhooks} webhook payloads.`);
  console.log(`Built ${relative(appDir, mockApiPageFile)}: ${listOperations(mockApi).length} operations of the local Postmark API with curl and TypeScript samples.`);
  console.log(`Built ${relative(appDir, guidePageFile)} from ${relative(appDir, guideSourceFile)}.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
