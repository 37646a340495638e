// Request bodies shaped exactly as the official .NET, PHP, JS and Python clients serialise them
// (the spec's fixtures, taken from each client's source): nulls for unset fields, `ContentId`,
// `ContentLength`, `{}` bodies. Each one is accepted by the emulator; the same body with a real
// error is refused with Postmark's ErrorCode.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { operationsOf } from "../../src/front/operations.js";
import { createHarness, spec, type Harness } from "../harness.js";

interface Fixture {
  file: string;
  client: string;
  operationId: string;
  expected: string;
  /** the body, for operations that take one */
  body?: Record<string, unknown>;
  /** the query string's parameters, as the client writes them */
  query?: Record<string, string | number>;
}

// The fixtures live beside the spec in this workspace (they are not part of the published package).
const specFolder = join(dirname(createRequire(import.meta.url).resolve("@postmark-openapi/spec/openapi.json")), "..");
const fixtureFolder = join(specFolder, "test", "fixtures", "client-requests");
const fixtures: Fixture[] = readdirSync(fixtureFolder)
  .filter((file) => file.endsWith(".json"))
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(fixtureFolder, file), "utf8")) as Omit<Fixture, "file">) }));
const operations = operationsOf(spec);

/** What each operation needs to exist first, and the path it is called at. */
async function prepare(mock: Harness, operationId: string): Promise<string> {
  const operation = operations.find((entry) => entry.operationId === operationId)!;
  switch (operationId) {
    case "activateBounce": {
      await mock.call("POST", "/email", { body: { From: "a@example.com", To: "HardBounce@bounce-testing.postmarkapp.com", Subject: "Hi", TextBody: "Hi" } });
      const bounces = await mock.call("GET", "/bounces", { query: { count: 1, offset: 0 } });
      return `/bounces/${bounces.json.Bounces[0].ID}/activate`;
    }
    case "archiveMessageStream":
    case "unarchiveMessageStream":
      await mock.call("POST", "/message-streams", { body: { ID: "news", Name: "News", MessageStreamType: "Broadcasts" } });
      if (operationId === "unarchiveMessageStream") await mock.call("POST", "/message-streams/news/archive");
      return operation.path.replace("{streamId}", "news");
    case "listSuppressions":
      return operation.path.replace("{streamId}", "outbound");
    case "sendEmailWithTemplate":
      await mock.call("POST", "/templates", { body: { Name: "Welcome", Alias: "welcome", Subject: "Hi {{name}}", TextBody: "Hello {{name}}" } });
      return operation.path;
    default:
      return operation.path;
  }
}

/** The template the fixture names, made to exist under its ID or alias. */
async function templateFor(mock: Harness, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const alias = (body["TemplateAlias"] ?? body["templateAlias"]) as string | null | undefined;
  if (alias) await mock.call("POST", "/templates", { body: { Name: alias, Alias: alias, Subject: "Hi", TextBody: "Hello {{name}}" } });
  const id = body["TemplateId"] ?? body["TemplateID"] ?? body["templateId"];
  if (typeof id === "number") {
    const created = await mock.call("POST", "/templates", { body: { Name: "By id", Subject: "Hi", TextBody: "Hello" } });
    return { ...body, [Object.keys(body).find((key) => key.toLowerCase() === "templateid")!]: created.json.TemplateId };
  }
  return body;
}

describe("bodies as the official clients send them", () => {
  it("cover the four clients", () => {
    expect(new Set(fixtures.map((fixture) => fixture.file.split("-")[0]))).toEqual(new Set(["dotnet", "js", "php", "python"]));
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))("%s is accepted", async (_file, fixture) => {
    const mock = createHarness();
    const path = await prepare(mock, fixture.operationId);
    const operation = operations.find((entry) => entry.operationId === fixture.operationId)!;
    const body = fixture.operationId === "sendEmailWithTemplate" && fixture.body ? await templateFor(mock, fixture.body) : fixture.body;
    const answer = await mock.call(operation.method, path, { ...(body ? { body } : {}), ...(fixture.query ? { query: fixture.query } : {}) });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  });

  const breakages: [string, (body: Record<string, unknown>) => Record<string, unknown> | undefined, number][] = [
    ["without From", (body) => ("From" in body ? { ...body, From: null } : undefined), 300],
    ["with a To that is not an address", (body) => ("To" in body ? { ...body, To: "johne.xample.com" } : undefined), 300],
    ["with a forbidden attachment", (body) => ("From" in body ? { ...body, Attachments: [{ Name: "run.exe", Content: "aGk=", ContentType: "application/octet-stream", ContentId: null }] } : undefined), 411],
    ["with TrackOpens of the wrong type", (body) => ("From" in body ? { ...body, TrackOpens: "yes" } : undefined), 403],
  ];
  const broken = fixtures.flatMap((fixture) =>
    breakages.flatMap(([name, breakBody, errorCode]) => {
      const body = fixture.body && breakBody(fixture.body);
      return body ? [[`${fixture.file} ${name}`, fixture, body, errorCode] as const] : [];
    }),
  );

  it.each(broken)("%s is refused with its ErrorCode", async (_name, fixture, body, errorCode) => {
    const mock = createHarness();
    const path = await prepare(mock, fixture.operationId);
    const operation = operations.find((entry) => entry.operationId === fixture.operationId)!;
    const answer = await mock.call(operation.method, path, { body: fixture.operationId === "sendEmailWithTemplate" ? await templateFor(mock, body) : body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  // A date the calendar does not have is refused in whichever form the client writes dates.
  const dated = fixtures.filter((fixture) => fixture.query && Object.keys(fixture.query).some((name) => name.toLowerCase() === "fromdate"));
  it.each(dated.map((fixture) => [fixture.file, fixture] as const))("%s with a fromdate that does not exist is refused", async (_file, fixture) => {
    const mock = createHarness();
    const path = await prepare(mock, fixture.operationId);
    const operation = operations.find((entry) => entry.operationId === fixture.operationId)!;
    const name = Object.keys(fixture.query!).find((key) => key.toLowerCase() === "fromdate")!;
    const answer = await mock.call(operation.method, path, { query: { ...fixture.query, [name]: "2026-2-30" } });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ ErrorCode: 403, Message: expect.stringContaining("fromdate") });
  });
});
