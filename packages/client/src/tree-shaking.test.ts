// What a bundler keeps of the package: a program that only sends carries none of the operation
// table, retries, middleware, paging, batches or webhooks, and each of those comes with its import.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const index = join(dirname(fileURLToPath(import.meta.url)), "index.ts");

/** Text that only the code of one feature contains. */
const markers = {
  "the operation table": "activateBounce",
  "URL parameters": "encodeURIComponent",
  retries: "retry.",
  middleware: "middleware needs onRequest",
  paging: "PaginationLimitError",
  batches: "BatchSendError",
  webhooks: "WebhookParseError",
} as const;
type Feature = keyof typeof markers;

const send = `const postmark = createPostmarkCore({ serverToken: "token" });
await sendEmail(postmark, { body: { From: "a@example.com", To: "b@example.org", TextBody: "Hi" } });`;

/** The minified bundle of a program that imports `names` from the package. */
async function bundle(names: string[], code: string): Promise<string> {
  const result = await build({
    stdin: { contents: `import { ${names.join(", ")} } from ${JSON.stringify(index)};\n${code}`, loader: "ts", resolveDir: dirname(index) },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

const present = (code: string) => (Object.keys(markers) as Feature[]).filter((feature) => code.includes(markers[feature]));

describe("bundles", () => {
  it("of a program that only sends carry nothing else", async () => {
    const code = await bundle(["createPostmarkCore", "sendEmail"], send);
    expect(code).toContain('"/email"');
    expect(present(code)).toEqual([]);
  }, 30_000);

  it.each<[string, string[], string, Feature[]]>([
    ["an operation with parameters", ["createPostmarkCore", "getBounce"], `await getBounce(createPostmarkCore({ serverToken: "t" }), { params: { path: { bounceid: 1 } } });`, ["URL parameters"]],
    ["retries", ["createPostmarkCore", "retries", "sendEmail"], send.replace("{ serverToken", "{ retry: retries(), serverToken"), ["retries"]],
    ["middleware", ["createPostmarkCore", "middlewareStack", "sendEmail"], send.replace("{ serverToken", "{ middleware: middlewareStack(), serverToken"), ["URL parameters", "middleware"]],
    ["paginate", ["createPostmarkCore", "paginate"], `for await (const bounce of paginate(createPostmarkCore({ serverToken: "t" }), "listBounces")) console.log(bounce);`, ["URL parameters", "paging"]],
    ["the batch helpers", ["createPostmarkCore", "sendEmailsInBatches"], `await sendEmailsInBatches(createPostmarkCore({ serverToken: "t" }), []);`, ["batches"]],
    ["parseWebhook", ["parseWebhook"], `console.log(parseWebhook("{}"));`, ["webhooks"]],
    ["createPostmarkClient", ["createPostmarkClient"], `await createPostmarkClient({ serverToken: "t" }).sendEmail({ body: { From: "a@example.com", To: "b@example.org" } });`, ["the operation table", "URL parameters", "retries", "middleware"]],
  ])("with %s carry what it needs", async (_case, names, code, features) => {
    expect(present(await bundle(names, code))).toEqual(features);
  }, 30_000);
});
