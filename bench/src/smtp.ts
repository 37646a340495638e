// SMTP: messages per second taken over SMTP at 8 parallel connections, by our mock (its CLI, the
// stateful emulator: every message is parsed, checked, stored and delivered) and by MailDev (the
// npm package, its CLI, which captures mail), each started the same way in its own process on
// this machine, both logging the client in with a user name and password. One run each, in turn;
// the load generator is `src/smtp-load-worker.ts`.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mockCliPath, src } from "./paths.js";
import { freePort, runWorker, stopProcess, waitUntilReady } from "./processes.js";
import type { SmtpLoadConfig, SmtpLoadReport } from "./smtp-load-worker.js";

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

export async function measureSmtp({ connections, count, warmup, log }: { connections: number; count: number; warmup: number; log: (line: string) => void }) {
  const results = {} as Record<SmtpKind, SmtpLoadReport>;
  for (const kind of smtpKinds) {
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, commands[kind](smtpPort, httpPort), { stdio: ["ignore", "ignore", "inherit"] });
    try {
      await waitUntilReady(child, () => greets(smtpPort), `the SMTP server on port ${smtpPort}`, 20);
      const config: SmtpLoadConfig = { port: smtpPort, token, connections, count, warmup };
      results[kind] = await runWorker<SmtpLoadReport>(src("smtp-load-worker.js"), [JSON.stringify(config)], { timeoutMs: 300_000 });
      if (results[kind].errors > 0) log(`smtp: ${kind}: ${results[kind].errors} of ${count} messages failed; first: ${results[kind].firstError}`);
    } finally {
      await stopProcess(child);
    }
    log(`smtp: ${kind} done, ${results[kind].messagesPerSecond.toFixed(0)} messages/s`);
  }
  return { connections, count, warmup, results, speedup: results.ours.messagesPerSecond / results.maildev.messagesPerSecond };
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
