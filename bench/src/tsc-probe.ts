// Runs tsc in this process (`node tsc-probe.mjs <tsc.js> <tsc args…>`) and, as it exits, reports
// this process's peak RSS and CPU time on stderr: a portable stand-in for `/usr/bin/time -v`.
import { createRequire } from "node:module";
import { writeSync } from "node:fs";

const [tscPath, ...tscArgs] = process.argv.slice(2);
process.on("exit", (code) => {
  const usage = process.resourceUsage();
  const report = { exitCode: code, peakRssBytes: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
  writeSync(2, `\n@@tsc-probe ${JSON.stringify(report)}\n`);
});
// tsc reads its arguments from process.argv.slice(2), and runs when its file is loaded.
if (!tscPath) throw new Error("Usage: node tsc-probe.js <tsc.js> <tsc args…>");
process.argv = [process.execPath, tscPath, ...tscArgs];
createRequire(import.meta.url)(tscPath);
