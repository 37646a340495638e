import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";

const accountToken = "account-token";

function create(mock: Harness, body: unknown) {
  return mock.call("POST", "/servers", { accountToken, body });
}

describe("createServer", () => {
  it("creates a server whose token works at once on GET /server", async () => {
    const mock = createHarness();
    const created = await create(mock, { Name: "Staging", Color: "Orange", DeliveryType: "Sandbox", TrackLinks: "HtmlOnly", InboundSpamThreshold: 10 });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ Name: "Staging", Color: "orange", DeliveryType: "Sandbox", TrackLinks: "HtmlOnly", InboundSpamThreshold: 10 });
    expect(created.json.ApiTokens).toHaveLength(1);
    expect(created.json.InboundAddress).toBe(`${created.json.InboundHash}@inbound.postmarkapp.com`);

    const current = await mock.call("GET", "/server", { token: created.json.ApiTokens[0] });
    expect(current.status).toBe(200);
    expect(current.json.ID).toBe(created.json.ID);
    expect(current.json.Name).toBe("Staging");
  });

  it("gives a new server Postmark's defaults", async () => {
    const mock = createHarness();
    const { json } = await create(mock, { Name: "Defaults" });
    expect(json).toMatchObject({ DeliveryType: "Live", SmtpApiActivated: true, TrackOpens: false, TrackLinks: "None", InboundDomain: "", BounceHookUrl: "" });
  });

  it.each([
    { case: "a name another server has (any case)", setup: [{ Name: "Production" }], body: { Name: "production" }, errorCode: 603 },
    { case: "a blank name", setup: [], body: { Name: "   " }, errorCode: 608 },
    { case: "an inbound domain another server uses", setup: [{ Name: "A", InboundDomain: "in.example.com" }], body: { Name: "B", InboundDomain: "IN.example.com" }, errorCode: 602 },
    { case: "a hook URL without a host", setup: [], body: { Name: "C", BounceHookUrl: "https://[bad" }, errorCode: 606 },
  ])("refuses $case with ErrorCode $errorCode", async ({ setup, body, errorCode }) => {
    const mock = createHarness();
    for (const earlier of setup) expect((await create(mock, earlier)).status).toBe(200);
    const answer = await create(mock, body);
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  it.each([
    ["an unknown colour", { Name: "X", Color: "Pink" }, 607],
    ["a spam threshold out of range", { Name: "X", InboundSpamThreshold: 7 }, 611],
    ["a hook URL that is not http(s)", { Name: "X", OpenHookUrl: "ftp://example.com" }, 606],
    ["an empty name", { Name: "" }, 608],
  ])("refuses %s with ErrorCode %i, as the spec names it", async (_case, body, errorCode) => {
    const mock = createHarness();
    const answer = await create(mock, body);
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });
});

describe("listServers", () => {
  it("lists every server of the account, including those created by first use of a token, with paging and a name filter", async () => {
    const mock = createHarness();
    await mock.call("GET", "/server");
    for (const Name of ["Alpha live", "Alpha staging", "Beta"]) await create(mock, { Name });
    const all = await mock.call("GET", "/servers", { accountToken, query: { count: 10, offset: 0 } });
    expect(all.json.TotalCount).toBe(4);
    const pageTwo = await mock.call("GET", "/servers", { accountToken, query: { count: 2, offset: 2 } });
    expect(pageTwo.json.Servers.map((server: { Name: string }) => server.Name)).toEqual(["Alpha staging", "Beta"]);
    const alpha = await mock.call("GET", "/servers", { accountToken, query: { count: 10, offset: 0, name: "alpha" } });
    expect(alpha.json.TotalCount).toBe(2);
    expect(alpha.json.Servers.map((server: { Name: string }) => server.Name)).toEqual(["Alpha live", "Alpha staging"]);
  });
});

describe("getServer, editServer, deleteServer", () => {
  it("reads and edits a server by ID", async () => {
    const mock = createHarness();
    const { json: server } = await create(mock, { Name: "Editable" });
    const read = await mock.call("GET", `/servers/${server.ID}`, { accountToken });
    expect(read.json).toEqual(server);
    const edited = await mock.call("PUT", `/servers/${server.ID}`, { accountToken, body: { Name: "Edited", Color: "Green", TrackOpens: true, InboundDomain: "in.example.org" } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ ID: server.ID, Name: "Edited", Color: "green", TrackOpens: true, InboundDomain: "in.example.org", DeliveryType: "Live" });
    const again = await mock.call("GET", "/server", { token: server.ApiTokens[0] });
    expect(again.json.Name).toBe("Edited");
  });

  it("lets a server keep its own name in an edit", async () => {
    const mock = createHarness();
    const { json: server } = await create(mock, { Name: "Same" });
    const edited = await mock.call("PUT", `/servers/${server.ID}`, { accountToken, body: { Name: "SAME" } });
    expect(edited.status).toBe(200);
    expect(edited.json.Name).toBe("SAME");
  });

  it.each([
    { case: "an unknown server to get", method: "GET", body: undefined, unknown: true, errorCode: 601 },
    { case: "an unknown server to edit", method: "PUT", body: { Name: "New" }, unknown: true, errorCode: 601 },
    { case: "an unknown server to delete", method: "DELETE", body: undefined, unknown: true, errorCode: 601 },
    { case: "an edit that changes nothing", method: "PUT", body: {}, unknown: false, errorCode: 609 },
    { case: "a rename to another server's name", method: "PUT", body: { Name: "Taken" }, unknown: false, errorCode: 603 },
    { case: "a blank name", method: "PUT", body: { Name: " " }, unknown: false, errorCode: 608 },
  ])("refuses $case with ErrorCode $errorCode", async ({ method, body, unknown, errorCode }) => {
    const mock = createHarness();
    await create(mock, { Name: "Taken" });
    const { json: server } = await create(mock, { Name: "Mine" });
    const answer = await mock.call(method, `/servers/${unknown ? 987654 : server.ID}`, { accountToken, body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  it("deletes a server, and its token no longer reaches it", async () => {
    const mock = createHarness();
    const { json: server } = await create(mock, { Name: "Doomed" });
    const removed = await mock.call("DELETE", `/servers/${server.ID}`, { accountToken });
    expect(removed.json).toEqual({ ErrorCode: 0, Message: `Server ${server.ID} removed.` });
    expect((await mock.call("GET", `/servers/${server.ID}`, { accountToken })).json.ErrorCode).toBe(601);
    const reused = await mock.call("GET", "/server", { token: server.ApiTokens[0] });
    expect(reused.json.ID).not.toBe(server.ID);
  });

  it("refuses deletion with ErrorCode 604 when API deletion is not enabled for the account", async () => {
    const mock = createHarness({ allowServerDeletion: false });
    const { json: server } = await create(mock, { Name: "Kept" });
    const answer = await mock.call("DELETE", `/servers/${server.ID}`, { accountToken });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(604);
    expect((await mock.call("GET", `/servers/${server.ID}`, { accountToken })).status).toBe(200);
  });
});
