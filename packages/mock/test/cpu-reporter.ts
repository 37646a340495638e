// A vitest reporter that charges each test file with the CPU that the whole process tree (vitest,
// its workers, and every child they started: CLIs, PostgreSQL, Chromium) spent while it ran. Run
// with one worker so that files do not overlap:
//   vitest run --maxWorkers=1 --reporter=default --reporter=./test/cpu-reporter.ts
// A file is charged from the end of the file before it (so its imports and set-up count) to its
// own end; what comes before the first file and after the last is reported as "outside files".
// It reads /proc, so it reports nothing where there is none.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import type { Reporter, TestModule, Vitest } from "vitest/node";

interface Cpu {
  user: number;
  sys: number;
}

const ticksPerSecond = 100;

/** utime, stime, cutime, cstime of one process, in seconds; undefined once it has gone */
function processCpu(pid: number): Cpu | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: the fields start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const number = (index: number) => Number(fields[index]) / ticksPerSecond;
  // Fields 14–17 of proc(5), counted here from field 3.
  return { user: number(11) + number(13), sys: number(12) + number(14) };
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const task of tasks) {
    try {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (list) children.push(...list.split(" ").map(Number));
    } catch {
      // the thread ended while it was read
    }
  }
  return children;
}

/** the CPU of a process and of all its living descendants (ended ones count in their parent) */
function treeCpu(root: number): Cpu {
  const total: Cpu = { user: 0, sys: 0 };
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const cpu = processCpu(pid);
    if (!cpu) continue;
    total.user += cpu.user;
    total.sys += cpu.sys;
    pending.push(...childrenOf(pid));
  }
  return total;
}

const seconds = (value: number) => value.toFixed(1);

export default class CpuReporter implements Reporter {
  private readonly enabled = existsSync(`/proc/${process.pid}/stat`);
  private readonly atStart = this.enabled ? treeCpu(process.pid) : { user: 0, sys: 0 };
  private readonly queued = new Map<string, Cpu>();
  private readonly files: { name: string; cpu: Cpu }[] = [];
  /** with more than one worker, files overlap: only the total means anything */
  private overlapping = false;

  onInit(vitest: Vitest): void {
    this.overlapping = vitest.config.maxWorkers > 1;
  }

  // With one worker a file is queued when the one before it has ended: from then on, the worker
  // imports it, runs it and tears it down.
  onTestModuleQueued(testModule: TestModule): void {
    if (this.enabled) this.queued.set(testModule.moduleId, treeCpu(process.pid));
  }

  onTestModuleEnd(testModule: TestModule): void {
    const queued = this.queued.get(testModule.moduleId);
    if (!queued) return;
    const now = treeCpu(process.pid);
    this.files.push({
      name: relative(process.cwd(), testModule.moduleId),
      cpu: { user: now.user - queued.user, sys: now.sys - queued.sys },
    });
  }

  onTestRunEnd(): void {
    if (!this.enabled) return;
    const end = treeCpu(process.pid);
    const total: Cpu = { user: end.user - this.atStart.user, sys: end.sys - this.atStart.sys };
    const inFiles = this.files.reduce(
      (sum, { cpu }) => ({ user: sum.user + cpu.user, sys: sum.sys + cpu.sys }),
      { user: 0, sys: 0 },
    );
    const outside: Cpu = { user: total.user - inFiles.user, sys: total.sys - inFiles.sys };
    const rows = [...this.files].sort((a, b) => b.cpu.user + b.cpu.sys - (a.cpu.user + a.cpu.sys));
    const row = (name: string, cpu: Cpu) =>
      `| ${name} | ${seconds(cpu.user + cpu.sys)} | ${seconds(cpu.user)} / ${seconds(cpu.sys)} |`;
    const lines = [
      "| File | CPU s | user / sys |",
      "|---|---|---|",
      ...(this.overlapping ? [] : [...rows.map(({ name, cpu }) => row(name, cpu)), row("outside files", outside)]),
      row(`all (${this.files.length} files)`, total),
    ];
    const output = process.env.CPU_REPORT;
    if (output) writeFileSync(output, `${lines.join("\n")}\n`);
    else process.stdout.write(`\n${lines.join("\n")}\n`);
  }
}
