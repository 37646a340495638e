// The mock under hostile load, in two benchmarks:
//
// - webhookStorm: 50 webhooks pointing at a receiver that never answers (src/silent-receiver.ts),
//   then 400 sends (8 in flight), while a load generator measures GET /server (4 in flight) from
//   the first send on; the same run without webhooks is the baseline. The mock process
//   (src/storm-server.ts) samples its own open sockets and resident memory every 10 ms. Rounds
//   rotate the two, each with a fresh mock and receiver.
// - largeTemplate: the largest template Postmark accepts (src/large-template.ts, an HtmlBody just
//   under 5 MB), sent and validated through the emulator in a fresh process, and sent over HTTP
//   (src/large-template-worker.ts).
import { fork, type ChildProcess } from "node:child_process";
import { fixed, spread, table } from "./format.js";
import type { LargeTemplateReport } from "./large-template-worker.js";
import type { LoadReport } from "./load-worker.js";
import { message } from "./payloads.js";
import { runScenario, type LoadSettings, type Scenario } from "./mock.js";
import { src } from "./paths.js";
import { runWorker, stopProcess } from "./processes.js";
import type { SilentReceiverReport } from "./silent-receiver.js";
import { ratio, rotate, summarize, summarizeFields, type Summary } from "./stats.js";
import type { StormServerReport } from "./storm-server.js";

export const stormWebhooks = 50;
export const stormSends = 400;
const senders = 8;
const readers = 4;
const stormKinds = ["without webhooks", "storm"] as const;

const sendScenario: Scenario = { name: `POST /email ×${senders}`, method: "POST", path: "/email", body: message, distinct: true, concurrency: senders };
const readScenario: Scenario = { name: `GET /server ×${readers}`, method: "GET", path: "/server", concurrency: readers };

/** A helper process that sends its URL first and answers { type: "report" } later. */
async function startReporting<Ready extends { url: string }, Report>(modulePath: string, args: (string | number)[]) {
  const child: ChildProcess = fork(modulePath, args.map(String), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("message", (message) => resolve(message as Ready));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${modulePath} exited early with ${code}`)));
  });
  return {
    ...ready,
    report: () =>
      new Promise<Report>((resolve) => {
        child.once("message", (message) => resolve(message as Report));
        child.send({ type: "report" });
      }),
    stop: () => stopProcess(child),
  };
}

type StormRun = { kind: (typeof stormKinds)[number]; read: LoadReport; send: LoadReport; mostSockets: number | null; mostRssBytes: number; receiverMostOpen: number; receiverRequests: number; dropLines: string[] };

export async function measureWebhookStorm({ rounds, ...settings }: { rounds: number } & LoadSettings) {
  const { log } = settings;
  const runs: StormRun[] = [];
  let bounds = { concurrency: Number.NaN, concurrencyPerTarget: Number.NaN, queueLimit: Number.NaN };
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(stormKinds, round)) {
      const receiver = await startReporting<{ url: string }, SilentReceiverReport>(src("silent-receiver.js"), []);
      const mock = await startReporting<{ url: string; bounds: typeof bounds }, StormServerReport>(src("storm-server.js"), [kind === "storm" ? stormWebhooks : 0, receiver.url]);
      bounds = mock.bounds;
      try {
        const [read, send] = await Promise.all([
          runScenario(mock.url, readScenario, settings, `webhookStorm: ${kind}`),
          runScenario(mock.url, sendScenario, { ...settings, count: stormSends, warmup: 0, maxSeconds: 120 }, `webhookStorm: ${kind}`),
        ]);
        const server = await mock.report();
        const seen = await receiver.report();
        runs.push({ kind, read, send, mostSockets: server.mostSockets, mostRssBytes: server.mostRssBytes, receiverMostOpen: seen.mostOpen, receiverRequests: seen.requests, dropLines: server.lines });
      } finally {
        await mock.stop();
        await receiver.stop();
      }
      log(`webhookStorm: round ${round + 1}/${rounds}, ${kind} done`);
    }
  }
  const of = (kind: (typeof stormKinds)[number]) => runs.filter((run) => run.kind === kind);
  const summary = Object.fromEntries(
    stormKinds.map((kind) => [
      kind,
      {
        ...summarizeFields(of(kind).map((run) => run.read), ["requestsPerSecond", "p50Ms", "p95Ms", "p99Ms"]),
        sendsPerSecond: summarize(of(kind).map((run) => run.send.requestsPerSecond)),
        mostSockets: summarize(of(kind).map((run) => run.mostSockets ?? Number.NaN)),
        mostRssMegabytes: summarize(of(kind).map((run) => run.mostRssBytes / 1024 / 1024)),
        receiverMostOpen: summarize(of(kind).map((run) => run.receiverMostOpen)),
        receiverRequests: summarize(of(kind).map((run) => run.receiverRequests)),
      },
    ]),
  ) as Record<(typeof stormKinds)[number], Record<"requestsPerSecond" | "p50Ms" | "p95Ms" | "p99Ms" | "sendsPerSecond" | "mostSockets" | "mostRssMegabytes" | "receiverMostOpen" | "receiverRequests", Summary>>;
  // The sockets the mock may hold: its webhook posts, the two load generators' connections, its listener and the harness's IPC channel.
  const socketBound = bounds.concurrency + senders + readers + 2;
  return {
    rounds,
    count: settings.count,
    webhooks: stormWebhooks,
    sends: stormSends,
    senders,
    readers,
    bounds,
    socketBound,
    p99VsBaseline: ratio(summary.storm.p99Ms.median, summary["without webhooks"].p99Ms.median),
    dropLine: runs.find((run) => run.dropLines.length > 0)?.dropLines[0],
    summary,
    runs: runs.map(({ dropLines: _lines, ...run }) => run),
  };
}

export async function measureLargeTemplate({ rounds, log }: { rounds: number; log: (line: string) => void }) {
  log("largeTemplate: rendering and inlining a 5 MB template");
  const { validateMs, sendMs, httpValidateMs, httpSendMs, ...sizes } = await runWorker<LargeTemplateReport>(src("large-template-worker.js"), [rounds], { timeoutMs: 300_000 });
  return { rounds, ...sizes, validateMs: summarize(validateMs), sendMs: summarize(sendMs), httpValidateMs: summarize(httpValidateMs), httpSendMs: summarize(httpSendMs) };
}

type StormFigures = Awaited<ReturnType<typeof measureWebhookStorm>>;
type TemplateFigures = Awaited<ReturnType<typeof measureLargeTemplate>>;


export function webhookStormSection(storm: StormFigures): string[] {
  const rows = stormKinds.map((kind) => {
    const figures = storm.summary[kind];
    return [
      kind === "storm" ? `${storm.webhooks} webhooks, receiver never answers` : "no webhooks",
      spread(figures.requestsPerSecond, fixed(0)),
      spread(figures.p50Ms, fixed(2)),
      spread(figures.p99Ms, fixed(2)),
      spread(figures.sendsPerSecond, fixed(0)),
      spread(figures.mostSockets, fixed(0)),
      spread(figures.receiverMostOpen, fixed(0)),
      spread(figures.mostRssMegabytes, fixed(0)),
    ];
  });
  return [
    "## Webhook storm",
    `${storm.sends} sends (${storm.senders} in flight) while a load generator reads GET /server (${storm.readers} in flight, up to ${storm.count.toLocaleString("en-US")} requests) from the first send on; in the storm every send is posted to ${storm.webhooks} webhooks on one receiver that takes the connection and never answers (${(storm.sends * storm.webhooks).toLocaleString("en-US")} posts). The mock runs with its default bounds: ${storm.bounds.concurrency} posts at once, ${storm.bounds.concurrencyPerTarget} to one receiver, ${storm.bounds.queueLimit.toLocaleString("en-US")} waiting or retrying. Its open sockets and resident memory are sampled every 10 ms in its own process; the bound on its sockets is ${storm.socketBound} (the ${storm.bounds.concurrency} posts, the ${storm.senders + storm.readers} load-generator connections, its listener and the harness's IPC channel). ${storm.rounds} rounds, each with a fresh mock. GET /server p99 in the storm vs without: ${fixed(2)(storm.p99VsBaseline)}×.${storm.dropLine ? ` The log's line when the queue filled: \`${storm.dropLine}\`.` : ""}`,
    table(["Run", "GET /server requests/s", "p50 ms", "p99 ms", "sends/s", "most open sockets (mock)", "most connections to the receiver", "most RSS MB"], rows),
  ];
}

export function largeTemplateSection(template: TemplateFigures): string[] {
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);
  return [
    "## The largest template",
    `A template whose HtmlBody is ${mb(template.htmlBytes)} MB (Postmark allows 5 MB per body): a <style> block of an email framework's rules (descendant and child selectors, :nth-child, :last-child, !important; :hover and @media kept as they are) and an order table, ${template.elements.toLocaleString("en-US")} elements in all. ` +
      `Validating it renders it with a model and inlines its CSS (${template.styledElements.toLocaleString("en-US")} elements get a style, ${mb(template.inlinedBytes)} MB in all). ` +
      `Inlining makes the HTML larger, so the largest template a send still accepts is smaller: ${mb(template.sentHtmlBytes)} MB, ${mb(template.sentInlinedBytes)} MB once inlined; a send renders it, inlines it, checks the result and stores the message. ` +
      `A new model value each time, so no cache answers; ${template.rounds} rounds in one fresh process. Creating the template took ${fixed(0)(template.createMs)} ms.`,
    table(
      ["What", "ms"],
      [
        ["validate the 5 MB template through the emulator (render, inline, suggested model)", spread(template.validateMs, fixed(0))],
        ["send with the largest template a send accepts, through the emulator (render, inline, check, store)", spread(template.sendMs, fixed(0))],
        ["the same validation over HTTP (JSON both ways, as a client sees it)", spread(template.httpValidateMs, fixed(0))],
        ["the same send over HTTP", spread(template.httpSendMs, fixed(0))],
      ],
    ),
  ];
}

export function hostileTargets(storm: StormFigures | undefined, template: TemplateFigures | undefined, add: (area: string, goal: string, figure: string, ok: boolean | undefined) => void): void {
  if (storm) {
    const { storm: during, "without webhooks": without } = storm.summary;
    add("Mock", "webhook storm: GET /server p99 ≤ 2× without webhooks", `${fixed(2)(storm.p99VsBaseline)}× (${fixed(2)(during.p99Ms.median)} vs ${fixed(2)(without.p99Ms.median)} ms)`, Number.isFinite(storm.p99VsBaseline) ? storm.p99VsBaseline <= 2 : undefined);
    const most = during.mostSockets.max;
    add("Mock", `webhook storm: open sockets ≤ the bound (${storm.socketBound})`, Number.isFinite(most) ? `${most} at most` : "not measured (no /proc)", Number.isFinite(most) ? most <= storm.socketBound : undefined);
  }
  if (template) {
    const validate = template.validateMs.median;
    add("Mock", "the largest template (5 MB HtmlBody) renders and inlines < 1 s", `${fixed(0)(validate)} ms (a send with the largest template it accepts: ${fixed(0)(template.sendMs.median)} ms)`, validate < 1000);
  }
}
