// Build step: has Prism work out every documented answer of the bundled spec once, into
// dist/answers.json, so the mock starts without loading Prism and serves them from a table.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { answersFile, buildAnswerTable } from "../src/static/answers.js";
import { loadPrism } from "../src/static/prism.js";
import { loadSpec } from "../src/spec.js";

const spec = loadSpec();
const table = await buildAnswerTable(spec, await loadPrism(spec));
mkdirSync(dirname(answersFile), { recursive: true });
writeFileSync(answersFile, JSON.stringify(table));
console.log(`Wrote ${Object.keys(table.answers).length} documented answers to ${answersFile}`);
