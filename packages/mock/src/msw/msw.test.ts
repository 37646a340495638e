// The MSW handlers: requests an app sends to Postmark are answered in-process by the emulator.
// The base URLs here are local ones, so nothing could leave the machine even if a handler missed.
import { createPostmarkClient } from "@postmark-openapi/client";
import { build } from "esbuild";
import { getResponse } from "msw";
import { setupServer } from "msw/node";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectEmailSent } from "../testing/assertions.js";
import { createPostmarkHandlers } from "./index.js";

// Port 2: nothing listens there, and fetch does not refuse it as it refuses port 9 (msw 3 lets
// fetch check the URL before it intercepts the connection).
const baseUrl = "http://127.0.0.1:2/postmark";
const postmark = createPostmarkHandlers({ baseUrl });
const server = setupServer(...postmark.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
beforeEach(() => postmark.reset());
afterAll(() => server.close());

describe("createPostmarkHandlers under setupServer", () => {
  it("answers our client's send and keeps the message for assertions", async () => {
    const client = createPostmarkClient({ serverToken: "app-token", baseUrl });
    const sent = await client.sendEmail({ body: { From: "app@example.com", To: "jane@example.org", Subject: "Welcome, Jane", TextBody: "Hi" } });
    expect(sent).toMatchObject({ ErrorCode: 0, To: "jane@example.org" });
    const message = await expectEmailSent(postmark, { token: "app-token", to: "jane@example.org", subject: /Welcome/ });
    expect(message.MessageID).toBe(sent.MessageID);
    const details = await client.getOutboundMessageDetails({ params: { path: { messageid: sent.MessageID } } });
    expect(details.MessageEvents.map((event) => event.Type)).toEqual(["Delivered"]);
  });

  it("refuses what Postmark refuses, with Postmark's errors", async () => {
    const answer = await fetch(`${baseUrl}/email`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-Postmark-Server-Token": "app-token" },
      body: JSON.stringify({ From: "app@example.com", To: "jane@example.org", Subject: "No body" }),
    });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ ErrorCode: 300 });
    const unauthorised = await fetch(`${baseUrl}/server`, { headers: { Accept: "application/json" } });
    expect(unauthorised.status).toBe(401);
  });

  it("forgets everything on reset, and one server on reset(token)", async () => {
    const send = (token: string) =>
      fetch(`${baseUrl}/email`, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json", "X-Postmark-Server-Token": token },
        body: JSON.stringify({ From: "app@example.com", To: "a@example.org", Subject: token, TextBody: "Hi" }),
      });
    await send("first");
    await send("second");
    await postmark.reset("first");
    expect((await postmark.messages()).map((message) => message.Subject)).toEqual(["second"]);
    await postmark.reset();
    expect(await postmark.messages()).toEqual([]);
  });
});

describe("fetch, without MSW", () => {
  it("serves a client given it as its fetch", async () => {
    const inProcess = createPostmarkHandlers();
    const client = createPostmarkClient({ serverToken: "fetch-token", fetch: inProcess.fetch });
    const sent = await client.sendEmail({ body: { From: "app@example.com", To: "bob@example.org", Subject: "Hi", TextBody: "Hi" } });
    expect((await inProcess.messages({ token: "fetch-token" })).map((message) => message.MessageID)).toEqual([sent.MessageID]);
  });
});

describe("the default base URL", () => {
  it("is Postmark's own", async () => {
    const defaults = createPostmarkHandlers();
    const request = new Request("https://api.postmarkapp.com/server", { headers: { Accept: "application/json", "X-Postmark-Server-Token": "t" } });
    const answer = await getResponse(defaults.handlers, request);
    expect(answer?.status).toBe(200);
    expect(await answer?.json()).toMatchObject({ Name: expect.any(String) });
    expect(await getResponse(defaults.handlers, new Request("https://example.org/server"))).toBeUndefined();
  });
});

describe("the in-process entry", () => {
  const bundleForBrowser = (entry: string) =>
    build({
      entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      external: ["msw"],
      logLevel: "silent",
    });

  it("bundles for the browser: nothing in its import graph comes from Node", async () => {
    const result = await bundleForBrowser("./index.ts");
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes("src/core/emulator.ts"))).toBe(true);
    expect(inputs.filter((input) => input.startsWith("node:") || /(^|\/)node_modules\/@types\/node\//.test(input))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
    expect(imports.filter((path) => path !== "msw")).toEqual([]);
  }, 30_000);

  it("the same check refuses the spec loader, which reads files with Node", async () => {
    const failure = (await bundleForBrowser("../spec.ts").catch((error: unknown) => error)) as { errors?: { text: string }[] };
    expect(failure.errors?.some((error) => error.text.includes('"node:fs"'))).toBe(true);
  }, 30_000);
});
