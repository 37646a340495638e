// SMTP: messages per second taken over SMTP at 8 parallel connections, by our mock (its CLI, the
// stateful emulator: every message is parsed, checked, stored and delivered) and by MailDev (the
// npm package, its CLI, which captures mail), each started the same way in its own process on
// this machine, both logging the client in with a user name and password. Interleaved rounds (the
// order rotates), each server started afresh; besides messages/s, the CPU time the server's process
// spent per message (from /proc, where there is one). The load generator is `src/smtp-load-worker.ts`.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mockCliPath, src } from "./paths.js";
import { freePort, processStat, runWorker, stopProcess, waitUntilReady } from "./processes.js";
import type { SmtpLoadConfig, SmtpLoadReport } from "./smtp-load-worker.js";
import { rotate, summarize, type Summary } from "./stats.js";

// MailDev exports only its library (dist/index.js); its CLI sits beside it.
const maildevCliPath = join(dirname(fileURLToPath(import.meta.resolve("maildev"))), "bin", "maildev.js");

export const smtpKinds = ["ours", "maildev"] as const;
type SmtpKind = (typeof smtpKinds)[number];

const token = "bench-smtp";

const commands: Record<SmtpKind, (smtpPort: number, httpPort: number) => string[]> = {
  ours: (smtpPort, httpPort) => [mockCliPath, "--host", "127.0.0.1", "--port", String(httpPort), "--smtp-port", String(smtpPort), "--quiet"],
  // The same login as ours (AUTH with a user name and password), kept in memory as ours.
  maildev: (smtpPort, httpPort) => [maildevCliPath, "--ip", "127.0.0.1", "--smtp", String(smtpPort), "--web-ip", "127.0.0.1", "--web", String(httpPort), "--incoming-user", token, "--incoming-pass", token, "--silent"],
};

/** One server's run: the load generator's report and the server's CPU µs per message (warm-up included). */
export interface SmtpRun extends SmtpLoadReport {
  serverCpuUsPerMessage: number;
}

async function runOnce(kind: SmtpKind, connections: number, count: number, warmup: number): Promise<SmtpRun> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, commands[kind](smtpPort, httpPort), { stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitUntilReady(child, () => greets(smtpPort), `the SMTP server on port ${smtpPort}`, 20);
    const config: SmtpLoadConfig = { port: smtpPort, token, connections, count, warmup };
    const cpuSecondsOf = (pid: number | undefined) => (pid === undefined ? undefined : processStat(pid))?.seconds ?? Number.NaN;
    const before = cpuSecondsOf(child.pid);
    const report = await runWorker<SmtpLoadReport>(src("smtp-load-worker.js"), [JSON.stringify(config)], { timeoutMs: 300_000 });
    const cpuSeconds = cpuSecondsOf(child.pid) - before;
    return { ...report, serverCpuUsPerMessage: (cpuSeconds / (count + warmup)) * 1e6 };
  } finally {
    await stopProcess(child);
  }
}

export async function measureSmtp({ connections, count, warmup, rounds, log }: { connections: number; count: number; warmup: number; rounds: number; log: (line: string) => void }) {
  const runs = { ours: [], maildev: [] } as Record<SmtpKind, SmtpRun[]>;
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(smtpKinds, round)) {
      const run = await runOnce(kind, connections, count, warmup);
      if (run.errors > 0) log(`smtp: ${kind}: ${run.errors} of ${count} messages failed; first: ${run.firstError}`);
      log(`smtp: round ${round + 1}: ${kind} ${run.messagesPerSecond.toFixed(0)} messages/s, server CPU ${run.serverCpuUsPerMessage.toFixed(0)} µs/message`);
      runs[kind].push(run);
    }
  }
  const summaries = Object.fromEntries(
    smtpKinds.map((kind) => [kind, { messagesPerSecond: summarize(runs[kind].map((run) => run.messagesPerSecond)), serverCpuUsPerMessage: summarize(runs[kind].map((run) => run.serverCpuUsPerMessage)), errors: runs[kind].reduce((sum, run) => sum + run.errors, 0) }]),
  ) as Record<SmtpKind, { messagesPerSecond: Summary; serverCpuUsPerMessage: Summary; errors: number }>;
  // `results` holds each server's median figures, as the targets read them.
  const results = Object.fromEntries(smtpKinds.map((kind) => [kind, { messages: count, errors: summaries[kind].errors, messagesPerSecond: summaries[kind].messagesPerSecond.median }])) as Record<SmtpKind, { messages: number; errors: number; messagesPerSecond: number }>;
  const roundSpeedups = summarize(runs.ours.map((run, round) => run.messagesPerSecond / runs.maildev[round]!.messagesPerSecond));
  return { connections, count, warmup, rounds, runs, summaries, results, roundSpeedups, speedup: results.ours.messagesPerSecond / results.maildev.messagesPerSecond };
}

/** Whether the port takes a connection and greets (220). */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    socket.once("data", (data: string) => {
      socket.end("QUIT\r\n");
      resolve(data.startsWith("220"));
    });
    socket.once("error", () => resolve(false));
  });
}
