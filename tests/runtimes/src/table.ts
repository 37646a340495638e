// One markdown table per runtime, printed with the test run.
import type { RuntimeReport } from "./runtimes.js";

export function renderReport({ runtime, results }: RuntimeReport): string {
  const escape = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
  const passed = results.filter((result) => result.ok).length;
  return [
    `${runtime}: ${passed}/${results.length} checks passed`,
    "",
    "| Check | Result | Detail |",
    "| --- | --- | --- |",
    ...results.map((result) => `| ${escape(result.check)} | ${result.ok ? "pass" : "FAIL"} | ${escape(result.detail)} |`),
  ].join("\n");
}
