// The largest template Postmark accepts, rendered and inlined, in a fresh process:
// `node large-template-worker.js <rounds>`. Through the emulator, `rounds` times each:
// - validate the 5 MB template (render with a model, inline its CSS, suggest a model): the
//   figure the target is about;
// - send with the largest template whose rendered, inlined HtmlBody a send still accepts (inlining
//   adds a style attribute to most elements, so that template is smaller): render, inline, check
//   and store;
// then the same validation and send through the HTTP mock started in this process, JSON and all.
import { createEmulator, startMockServer } from "@postmark-openapi/mock";
import { bodyLimitBytes, largeTemplateHtml, largeTemplateModel } from "./large-template.js";

export interface LargeTemplateReport {
  htmlBytes: number;
  inlinedBytes: number;
  elements: number;
  styledElements: number;
  sentHtmlBytes: number;
  sentInlinedBytes: number;
  createMs: number;
  validateMs: number[];
  sendMs: number[];
  httpValidateMs: number[];
  httpSendMs: number[];
}

const rounds = Number(process.argv[2] ?? "3");
const html = largeTemplateHtml();
const token = "bench-template-token";
const emulator = createEmulator({ maxMessagesPerServer: 10 });
type Call = Parameters<typeof emulator.respond>[0];
const call = async (operationId: string, method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> => {
  const answer = await emulator.respond({ operationId, method, path, pathParams: {}, query: {}, headers: {}, body, tokenKind: "server", token } as Call);
  return { status: answer.status, body: answer.body };
};
const timed = async <T>(action: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const started = performance.now();
  const result = await action();
  return { ms: performance.now() - started, result };
};
const expectOk = (what: string, answer: { status: number; body?: unknown; text?: string }): void => {
  if (answer.status !== 200) throw new Error(`${what} answered ${answer.status}: ${(answer.text ?? JSON.stringify(answer.body)).slice(0, 300)}`);
};

// A new model value each time: nothing is served from the inlining cache.
const model = (label: string) => ({ ...largeTemplateModel, order_id: label });
const validation = (label: string) => ({ Subject: "Your order {{order_id}}", HtmlBody: html, TextBody: "Thanks, {{name}}.", TestRenderModel: model(label) });
const validateMs: number[] = [];
let inlined = "";
for (let round = 0; round < rounds; round++) {
  const validated = await timed(() => call("validateTemplate", "POST", "/templates/validate", validation(`V-${round}`)));
  expectOk("validateTemplate", validated.result);
  validateMs.push(validated.ms);
  inlined = ((validated.result.body as { HtmlBody: { RenderedContent: string } }).HtmlBody.RenderedContent);
}

// The send's template: scaled down so its rendered, inlined HtmlBody stays within 5 MB.
const growth = Buffer.byteLength(inlined) / Buffer.byteLength(html);
const sentHtml = largeTemplateHtml(Math.floor((bodyLimitBytes - 64 * 1024) / growth));
const template = { Name: "Order", Alias: "order", Subject: "Your order {{order_id}}", HtmlBody: sentHtml, TextBody: "Thanks, {{name}}." };
const created = await timed(() => call("createTemplate", "POST", "/templates", template));
expectOk("createTemplate", created.result);
const send = (label: string) => ({ From: "shop@example.com", To: "jane@example.org", TemplateAlias: "order", TemplateModel: model(label) });
const sendMs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const sent = await timed(() => call("sendEmailWithTemplate", "POST", "/email/withTemplate", send(`S-${round}`)));
  expectOk("sendEmailWithTemplate", sent.result);
  sendMs.push(sent.ms);
}
const stored = (await emulator.messages.search({}, { limit: 1 })).items[0]?.details.HtmlBody ?? "";

const mock = await startMockServer({ port: 0, quiet: true });
const headers = { "content-type": "application/json", accept: "application/json", "x-postmark-server-token": token };
const post = (path: string, body: unknown) => fetch(`${mock.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) }).then(async (response) => ({ status: response.status, text: await response.text() }));
expectOk("POST /templates", await post("/templates", template));
const httpValidateMs: number[] = [];
const httpSendMs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const validated = await timed(() => post("/templates/validate", validation(`HV-${round}`)));
  expectOk("POST /templates/validate", validated.result);
  httpValidateMs.push(validated.ms);
  const sent = await timed(() => post("/email/withTemplate", send(`HS-${round}`)));
  expectOk("POST /email/withTemplate", sent.result);
  httpSendMs.push(sent.ms);
}
await mock.close();

const report: LargeTemplateReport = {
  htmlBytes: Buffer.byteLength(html),
  inlinedBytes: Buffer.byteLength(inlined),
  elements: (html.match(/<[a-z]/g) ?? []).length,
  styledElements: (inlined.match(/ style="/g) ?? []).length,
  sentHtmlBytes: Buffer.byteLength(sentHtml),
  sentInlinedBytes: Buffer.byteLength(stored),
  createMs: created.ms,
  validateMs,
  sendMs,
  httpValidateMs,
  httpSendMs,
};
process.send?.(report, () => process.exit(0));
