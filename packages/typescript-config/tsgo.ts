#!/usr/bin/env node
// `tsgo`: TypeScript 7, the native compiler, under a name of its own. The packages build and
// type-check with it, while `typescript` in their own dependencies stays 5.9, whose compiler API
// the client's generator (openapi-typescript) and the in-process type-checks of the tests need;
// TypeScript 7 has no such API. It reads the same configurations and writes the same JavaScript,
// for a fifth of the CPU. Node runs this file as it is (its types are stripped): nothing builds this
// package.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const typescriptDir = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
// TypeScript's own launcher: it finds the binary of this platform's package and runs it with our arguments.
await import(pathToFileURL(join(typescriptDir, "lib", "tsc.js")).href);
