// The front binds requests as Postmark does: names in any case, nulls as "not given", booleans
// in any case, unknown fields ignored, optional bodies optional; and refuses integers a 64-bit
// field cannot hold as written.
import { resolveRef } from "@postmark-openapi/spec/tools";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../spec.js";
import type { OperationCall } from "../protocol/call.js";
import type { OperationId } from "../protocol/spec-types.js";
import { createFront, postmarkPolicy } from "./front.js";
import { operationsOf } from "./operations.js";

const spec = loadSpec();
const calls: OperationCall[] = [];
const front = createFront<OperationId>({
  document: spec,
  policy: postmarkPolicy,
  respond: (call) => {
    calls.push(call);
    return { status: 200, body: {} };
  },
});

async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const response = await front({
    method,
    url,
    headers: { accept: "application/json", "x-postmark-server-token": "t", "x-postmark-account-token": "a", ...(text ? { "content-type": "application/json" } : {}), ...headers },
    readBody: async () => text,
  });
  return { ...response, json: response.body ? (JSON.parse(String(response.body)) as { ErrorCode?: number; Message?: string }) : undefined, call: calls.at(-1) };
}

const email = { From: "a@example.com", To: "b@example.org", Subject: "Hi", TextBody: "Hello" };

describe("bodies are bound as Postmark binds them", () => {
  it("treats null as not given, as the .NET client sends unset fields", async () => {
    const answer = await send("POST", "/email", { ...email, Cc: null, Bcc: null, ReplyTo: null, Tag: null, TrackOpens: null, TrackLinks: null, Metadata: null, MessageStream: null, HtmlBody: null, Attachments: null, Headers: null });
    expect(answer.status).toBe(200);
    expect(answer.call?.body).toEqual(email);
  });

  it("treats a null TemplateAlias beside a TemplateId as absent", async () => {
    const answer = await send("POST", "/email/withTemplate", { From: email.From, To: email.To, TemplateId: 5, TemplateAlias: null, TemplateModel: { name: null } });
    expect(answer.status).toBe(200);
    // Values inside the model are the template's data: a null there stays a null.
    expect(answer.call?.body).toEqual({ From: email.From, To: email.To, TemplateId: 5, TemplateModel: { name: null } });
  });

  it("still needs one of TemplateId and TemplateAlias when both are null", async () => {
    const answer = await send("POST", "/email/withTemplate", { From: email.From, To: email.To, TemplateId: null, TemplateAlias: null, TemplateModel: {} });
    expect(answer.status).toBe(422);
    expect(answer.json?.Message).toContain("TemplateId/TemplateAlias");
  });

  it.each([
    ["from", "lower case", { from: "a@example.com", to: "b@example.org", textbody: "x" }],
    ["FROM", "upper case", { FROM: "a@example.com", TO: "b@example.org", TEXTBODY: "x" }],
  ])("matches field names in any case (%s, %s)", async (_field, _name, body) => {
    const answer = await send("POST", "/email", body);
    expect(answer.status).toBe(200);
    expect(answer.call?.body).toEqual({ From: "a@example.com", To: "b@example.org", TextBody: "x" });
  });

  it.each(["ContentID", "ContentId", "contentid"])("binds an attachment's %s to ContentID, and accepts ContentLength", async (name) => {
    const attachment = { Name: "logo.png", Content: "aGVsbG8=", ContentType: "image/png", [name]: "cid:logo", ContentLength: 5 };
    const answer = await send("POST", "/email", { ...email, Attachments: [attachment] });
    expect(answer.status).toBe(200);
    expect((answer.call?.body as { Attachments: Record<string, unknown>[] }).Attachments[0]).toMatchObject({ ContentID: "cid:logo" });
  });

  it("ignores fields the operation does not take, and says which", async () => {
    const answer = await send("POST", "/email/withTemplate", { From: email.From, To: email.To, TemplateAlias: "welcome", TemplateModel: {}, Subject: "ignored", Colour: "red" });
    expect(answer.status).toBe(200);
    expect(answer.note).toContain("Colour");
    expect(answer.call?.body).not.toHaveProperty("Colour");
  });

  it.each([
    ["PUT", "/bounces/12/activate"],
    ["POST", "/message-streams/news/archive"],
    ["POST", "/message-streams/news/unarchive"],
  ])("takes %s %s with no body, with {} and with null", async (method, url) => {
    for (const body of [undefined, {}, "null"]) expect((await send(method, url, body)).status).toBe(200);
  });
});

describe("query parameters", () => {
  it("still needs count where the spec requires it", async () => {
    const answer = await send("GET", "/messages/outbound?offset=0");
    expect(answer.status).toBe(422);
    expect(answer.json?.Message).toContain("query parameter count: is required");
  });

  it.each(["True", "TRUE", "true", "False", "false"])("binds the boolean %s without regard to case", async (value) => {
    const answer = await send("GET", `/bounces?count=10&offset=0&inactive=${value}`);
    expect(answer.status).toBe(200);
    expect(answer.call?.query["inactive"]).toBe(value.toLowerCase() === "true");
  });

  it("matches query names in any case", async () => {
    const answer = await send("GET", "/message-streams?includearchivedstreams=True");
    expect(answer.status).toBe(200);
    expect(answer.call?.query).toEqual({ IncludeArchivedStreams: true });
  });
});

describe("dates as clients write them", () => {
  it.each(["2026-12-4", "2026-12-04", "2026-1-9T9:05", "2026-12-04T00:00:00.0000000", "2026-12-04T00:00:00.0000000Z", "2026-12-04T10:00:00+02:00", "2028-2-29"])(
    "takes fromdate=%s on every date filter",
    async (value) => {
      for (const path of ["/messages/outbound?count=1&offset=0", "/bounces?count=1&offset=0", "/stats/outbound", "/message-streams/outbound/suppressions/dump"]) {
        const answer = await send("GET", `${path}${path.includes("?") ? "&" : "?"}fromdate=${encodeURIComponent(value)}&todate=${encodeURIComponent(value)}`);
        expect(answer.status, `${path} ${JSON.stringify(answer.json)}`).toBe(200);
      }
    },
  );

  it.each(["2026-2-30", "2027-2-29", "2026-13-1", "12/4/2026", "2026-12-4T25:00", "tomorrow", "0000-01-01"])("refuses fromdate=%s, saying what a date looks like", async (value) => {
    const answer = await send("GET", `/messages/outbound?count=1&offset=0&fromdate=${encodeURIComponent(value)}`);
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      ErrorCode: 403,
      Message: "Invalid request field(s) - query parameter fromdate. query parameter fromdate: must be a date such as 2026-12-04 or 2026-12-4, optionally followed by a time such as T14:30:00.",
    });
  });
});

describe("bodies Postmark reads as nothing", () => {
  it.each(["/bounces/20000001/activate", "/message-streams/news/archive", "/message-streams/news/unarchive"])("takes a JSON null as the body of %s", async (path) => {
    const answer = await send(path.startsWith("/bounces") ? "PUT" : "POST", path, "null");
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.call?.body).toBeUndefined();
  });

  it.each([[{ Alias: null }], [{ Name: null, Subject: null, HtmlBody: null, TextBody: null, Alias: null, LayoutTemplate: null }], [{}]])("takes the template edit %j, which changes nothing", async (body) => {
    const answer = await send("PUT", "/templates/welcome", body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.call?.body).toEqual({});
  });
});

describe("integers a 64-bit field cannot take as written", () => {
  it.each([
    ["GET", "/senders/9223372036854775808"],
    ["DELETE", "/webhooks/99999999999999999999999"],
    ["GET", "/bounces/1e3"],
    ["GET", "/bounces?count=1e2&offset=0"],
  ])("%s %s is 422", async (method, url) => {
    const answer = await send(method, url);
    expect(answer.status).toBe(422);
    expect(answer.json?.Message).toMatch(/whole number/);
  });

  it.each(["9223372036854775808", "1e3", "99999999999999999999999"])("a body's DestinationServerID of %s is 422", async (literal) => {
    const answer = await send("PUT", "/templates/push", `{"SourceServerID": 1, "DestinationServerID": ${literal}, "PerformChanges": false}`, { "x-postmark-server-token": "" });
    expect(answer.status).toBe(422);
    expect(answer.json?.Message).toContain("DestinationServerID");
  });

  it("takes an id beyond JavaScript's safe integers that still fits in 64 bits", async () => {
    expect((await send("GET", "/senders/9007199254740993")).status).toBe(200);
  });

  it("keeps numbers in free-form data as numbers", async () => {
    const answer = await send("POST", "/email/withTemplate", `{"From":"a@example.com","To":"b@example.org","TemplateAlias":"x","TemplateModel":{"big":1e3,"huge":12345678901234567890}}`);
    expect(answer.status).toBe(200);
    expect((answer.call?.body as { TemplateModel: unknown }).TemplateModel).toEqual({ big: 1000, huge: 12345678901234567890 });
  });
});

describe("every operation that takes an integer refuses one it cannot hold", () => {
  const operations = operationsOf(spec);
  const resolve = (node: unknown) => (resolveRef(spec, node) ?? {}) as Record<string, unknown>;
  const integerPath = operations.flatMap((operation) =>
    operation.parameters
      .filter((parameter) => parameter["in"] === "path" && resolve(parameter["schema"])["type"] === "integer")
      .map((parameter) => [operation.operationId, operation, parameter["name"] as string] as const),
  );
  /** Top-level integer fields of a request body, with the operation. */
  const integerBody = operations.flatMap((operation) => {
    if (!operation.requestBody) return [];
    const media = (resolve(operation.requestBody)["content"] as Record<string, Record<string, unknown>>)["application/json"];
    const schema = resolve(media?.["schema"]);
    const properties = { ...(schema["properties"] as Record<string, unknown> | undefined) };
    for (const branch of [...((schema["allOf"] as unknown[]) ?? []), ...((schema["oneOf"] as unknown[]) ?? []), ...((schema["anyOf"] as unknown[]) ?? [])]) Object.assign(properties, resolve(branch)["properties"]);
    return Object.entries(properties)
      .filter(([, property]) => {
        const type = resolve(property)["type"];
        return type === "integer" || (Array.isArray(type) && type.includes("integer"));
      })
      .map(([field]) => [operation.operationId, operation, field] as const);
  });

  it("finds the operations to try", () => {
    expect(integerPath.length).toBeGreaterThan(20);
    expect(integerBody.length).toBeGreaterThan(3);
  });

  it.each(integerPath)("%s refuses 2^63 and 1e3 as its path parameter", async (_id, operation, name) => {
    for (const value of ["9223372036854775808", "99999999999999999999999", "1e3"]) {
      const url = operation.path.replace(/\{([^}]+)\}/g, (_match, param: string) => (param === name ? value : "1"));
      const answer = await send(operation.method, url, operation.bodyRequired ? {} : undefined);
      expect(answer.status, `${operation.method} ${url}`).toBe(422);
      expect(answer.json?.Message).toContain(name);
    }
  });

  it.each(integerBody)("%s refuses 2^63 and 1e3 in %s", async (_id, operation, field) => {
    for (const literal of ["9223372036854775808", "1e3"]) {
      const url = operation.path.replace(/\{([^}]+)\}/g, "1");
      const answer = await send(operation.method, url, `{"${field}": ${literal}}`);
      expect(answer.status, `${operation.operationId} ${field}=${literal}`).toBe(422);
      expect(answer.json?.Message).toContain(field);
    }
  });
});
