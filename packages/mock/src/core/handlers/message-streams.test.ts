import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { containsHtml, streamIdProblem } from "./message-streams.js";

function createStream(mock: Harness, body: Record<string, unknown>) {
  return mock.call("POST", "/message-streams", { body: { Name: "A stream", MessageStreamType: "Transactional", ...body } });
}

const ids = (answer: { json: { MessageStreams: { ID: string }[] } }) => answer.json.MessageStreams.map((stream) => stream.ID);

describe("listMessageStreams", () => {
  it("lists a new server's default streams, filtered by type", async () => {
    const mock = createHarness();
    expect(ids(await mock.call("GET", "/message-streams"))).toEqual(["outbound", "inbound", "broadcast"]);
    const inbound = await mock.call("GET", "/message-streams", { query: { MessageStreamType: "Inbound" } });
    expect(ids(inbound)).toEqual(["inbound"]);
    expect(inbound.json.TotalCount).toBe(1);
  });
});

describe("createMessageStream", () => {
  it("creates a stream with Postmark's defaults and returns it on get", async () => {
    const mock = createHarness();
    const created = await createStream(mock, { ID: "product-news", Name: "Product news", MessageStreamType: "Broadcasts", Description: "Monthly news" });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      ID: "product-news",
      Name: "Product news",
      MessageStreamType: "Broadcasts",
      Description: "Monthly news",
      UpdatedAt: null,
      ArchivedAt: null,
      ExpectedPurgeDate: null,
      SubscriptionManagementConfiguration: { UnsubscribeHandlingType: "Postmark" },
    });
    const server = await mock.call("GET", "/server");
    expect(created.json.ServerID).toBe(server.json.ID);
    expect((await mock.call("GET", "/message-streams/product-news")).json).toEqual(created.json);
    const plain = await createStream(mock, { ID: "receipts" });
    expect(plain.json.Description).toBeNull();
    expect(plain.json.SubscriptionManagementConfiguration).toEqual({ UnsubscribeHandlingType: "None" });
  });

  it.each([
    { case: "an ID that exists", body: { ID: "outbound" }, errorCode: 1230 },
    { case: "a second inbound stream", body: { ID: "more-inbound", MessageStreamType: "Inbound" }, errorCode: 1228 },
    { case: "a blank name", body: { ID: "blank", Name: "   " }, errorCode: 1223 },
    { case: "HTML in the description", body: { ID: "html", Description: "Our <b>best</b> mail" }, errorCode: 1234 },
  ])("refuses $case with ErrorCode $errorCode", async ({ body, errorCode }) => {
    const mock = createHarness();
    const answer = await createStream(mock, body);
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  it.each([
    ["pm-reserved", 1233],
    ["all", 1237],
    ["Upper", 1227],
    ["9lives", 1227],
    ["has space", 1227],
    ["x".repeat(31), 1227],
  ])("refuses the ID '%s' with ErrorCode %i", async (ID, errorCode) => {
    const mock = createHarness();
    const answer = await createStream(mock, { ID });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  it.each([
    ["no name", { ID: "n1", Name: undefined }, 1223],
    ["a name over 100 characters", { ID: "n2", Name: "n".repeat(101) }, 1224],
    ["a description over 1000 characters", { ID: "n3", Description: "d".repeat(1001) }, 1231],
    ["an unknown stream type", { ID: "n4", MessageStreamType: "Marketing" }, 1221],
  ])("refuses %s with ErrorCode %i, as the spec names it", async (_case, body, errorCode) => {
    const mock = createHarness();
    const answer = await createStream(mock, body);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  it("holds at most 10 streams per server, archived ones included", async () => {
    const mock = createHarness();
    for (let n = 1; n <= 7; n++) expect((await createStream(mock, { ID: `stream-${n}` })).status).toBe(200);
    await mock.call("POST", "/message-streams/stream-1/archive");
    const eleventh = await createStream(mock, { ID: "stream-8" });
    expect(eleventh.status).toBe(422);
    expect(eleventh.json.ErrorCode).toBe(1225);
  });
});

describe("streamIdProblem", () => {
  it.each([
    { id: "transactional-dev", code: undefined },
    { id: "a_b-9", code: undefined },
    { id: "", code: 1222 },
    { id: "pm-mine", code: 1233 },
    { id: "PM-mine", code: 1233 },
    { id: "all", code: 1237 },
    { id: "Upper", code: 1227 },
    { id: "1abc", code: 1227 },
    { id: "has.dot", code: 1227 },
    { id: "x".repeat(31), code: 1227 },
  ])("'$id' → $code", ({ id, code }) => {
    expect(streamIdProblem(id)?.code).toBe(code);
  });
});

describe("containsHtml", () => {
  it.each([
    { text: "Plain text, 3 < 4 and 5 > 2", html: false },
    { text: "Line<br>break", html: true },
    { text: "<p>para</p>", html: true },
    { text: "a </div> b", html: true },
    { text: "<!-- comment -->", html: true },
  ])("'$text' → $html", ({ text, html }) => {
    expect(containsHtml(text)).toBe(html);
  });
});

describe("editMessageStream", () => {
  it("changes name, description and subscription handling and sets UpdatedAt", async () => {
    const mock = createHarness();
    await createStream(mock, { ID: "news", MessageStreamType: "Broadcasts" });
    const edited = await mock.call("PATCH", "/message-streams/news", { body: { Name: "News", Description: "Twice a month" } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ ID: "news", Name: "News", Description: "Twice a month", MessageStreamType: "Broadcasts" });
    expect(edited.json.UpdatedAt).not.toBeNull();
    const read = await mock.call("GET", "/message-streams/news");
    expect(read.json).toEqual(edited.json);
  });

  it.each([
    { case: "an unknown stream", path: "/message-streams/nope", body: { Name: "X" }, errorCode: 1226 },
    { case: "a blank name", path: "/message-streams/outbound", body: { Name: " " }, errorCode: 1223 },
    { case: "HTML in the description", path: "/message-streams/outbound", body: { Description: "<script>x</script>" }, errorCode: 1234 },
  ])("refuses $case with ErrorCode $errorCode", async ({ path, body, errorCode }) => {
    const mock = createHarness();
    const answer = await mock.call("PATCH", path, { body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });
});

describe("archive and unarchive", () => {
  it("archives a stream for 45 days, hides it from the default list, and restores it", async () => {
    let now = new Date("2026-03-10T15:00:00Z");
    const mock = createHarness({ now: () => now });
    await createStream(mock, { ID: "old-news" });
    const archived = await mock.call("POST", "/message-streams/old-news/archive");
    expect(archived.status).toBe(200);
    expect(archived.json.ID).toBe("old-news");
    expect(Date.parse(archived.json.ExpectedPurgeDate) - now.getTime()).toBe(45 * 24 * 3_600_000);

    expect(ids(await mock.call("GET", "/message-streams"))).not.toContain("old-news");
    const withArchived = await mock.call("GET", "/message-streams", { query: { IncludeArchivedStreams: true } });
    expect(ids(withArchived)).toContain("old-news");
    const read = await mock.call("GET", "/message-streams/old-news");
    expect(read.json.ArchivedAt).not.toBeNull();
    expect(read.json.ExpectedPurgeDate).toBe(archived.json.ExpectedPurgeDate);

    now = new Date("2026-03-11T15:00:00Z");
    const restored = await mock.call("POST", "/message-streams/old-news/unarchive");
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ ID: "old-news", ArchivedAt: null, ExpectedPurgeDate: null });
    expect(ids(await mock.call("GET", "/message-streams"))).toContain("old-news");
  });

  it("purges an archived stream once its purge date has passed, freeing its ID", async () => {
    let now = new Date("2026-03-10T15:00:00Z");
    const mock = createHarness({ now: () => now });
    await createStream(mock, { ID: "short-lived" });
    await mock.call("POST", "/message-streams/short-lived/archive");
    now = new Date("2026-04-25T15:00:00Z");
    const gone = await mock.call("GET", "/message-streams/short-lived");
    expect(gone.json.ErrorCode).toBe(1226);
    expect((await createStream(mock, { ID: "short-lived" })).status).toBe(200);
  });

  it.each([
    { case: "archiving a default stream", path: "/message-streams/outbound/archive", errorCode: 1229 },
    { case: "archiving the default inbound stream", path: "/message-streams/inbound/archive", errorCode: 1229 },
    { case: "archiving an unknown stream", path: "/message-streams/nope/archive", errorCode: 1226 },
    { case: "unarchiving a stream that is not archived", path: "/message-streams/outbound/unarchive", errorCode: 1232 },
    { case: "unarchiving an unknown stream", path: "/message-streams/nope/unarchive", errorCode: 1226 },
  ])("refuses $case with ErrorCode $errorCode", async ({ path, errorCode }) => {
    const mock = createHarness();
    const answer = await mock.call("POST", path);
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });
});

describe("getMessageStream", () => {
  it("finds a stream whatever the case of its ID, and refuses an unknown one with 1226", async () => {
    const mock = createHarness();
    expect((await mock.call("GET", "/message-streams/OutBound")).json.ID).toBe("outbound");
    const unknown = await mock.call("GET", "/message-streams/missing");
    expect(unknown.status).toBe(422);
    expect(unknown.json.ErrorCode).toBe(1226);
  });
});
