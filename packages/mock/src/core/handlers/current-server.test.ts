import { describe, expect, it } from "vitest";
import { createHarness } from "../../../test/harness.js";

describe("server tokens", () => {
  it("give each unknown token a fresh server of its own", async () => {
    const mock = createHarness();
    const first = await mock.call("GET", "/server", { token: "token-a" });
    const again = await mock.call("GET", "/server", { token: "token-a" });
    const second = await mock.call("GET", "/server", { token: "token-b" });
    expect(first.status).toBe(200);
    expect(again.json.ID).toBe(first.json.ID);
    expect(second.json.ID).not.toBe(first.json.ID);
    expect(first.json.ApiTokens).toEqual(["token-a"]);
  });

  it("tell tokens that differ only in case apart, every time", async () => {
    const mock = createHarness();
    const ids: number[] = [];
    for (const token of ["case-token", "CASE-TOKEN", "case-token", "CASE-TOKEN"]) ids.push((await mock.call("GET", "/server", { token })).json.ID as number);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[3]).toBe(ids[1]);
    expect(ids[1]).not.toBe(ids[0]);
  });
});

describe("editCurrentServer", () => {
  it("changes only the fields sent and keeps them", async () => {
    const mock = createHarness();
    const before = await mock.call("GET", "/server");
    const body = {
      Name: "Renamed",
      Color: "Red",
      TrackOpens: true,
      TrackLinks: "HtmlAndText",
      BounceHookUrl: "https://hooks.example.com/bounce",
      ClickHookUrl: "http://localhost:3000/click",
      InboundDomain: "inbound.example.com",
      InboundSpamThreshold: 15,
      PostFirstOpenOnly: true,
      RawEmailEnabled: true,
    };
    const edited = await mock.call("PUT", "/server", { body });
    expect(edited.status).toBe(200);
    expect(edited.json).toEqual({ ...before.json, ...body, Color: "red" });
    expect((await mock.call("GET", "/server")).json).toEqual(edited.json);
  });

  it("removes a hook URL given as an empty string", async () => {
    const mock = createHarness();
    await mock.call("PUT", "/server", { body: { OpenHookUrl: "https://hooks.example.com/open" } });
    const cleared = await mock.call("PUT", "/server", { body: { OpenHookUrl: "" } });
    expect(cleared.json.OpenHookUrl).toBe("");
  });

  it.each([
    { case: "an empty edit", body: {}, errorCode: 609 },
    { case: "a blank name", body: { Name: "  " }, errorCode: 608 },
    { case: "another server's name", body: { Name: "Other server" }, errorCode: 603 },
    { case: "another server's inbound domain", body: { InboundDomain: "taken.example.com" }, errorCode: 602 },
    { case: "a hook URL without a host", body: { DeliveryHookUrl: "http://[bad" }, errorCode: 606 },
  ])("refuses $case with ErrorCode $errorCode", async ({ body, errorCode }) => {
    const mock = createHarness();
    await mock.call("PUT", "/server", { token: "other", body: { Name: "Other server", InboundDomain: "taken.example.com" } });
    const answer = await mock.call("PUT", "/server", { body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });
});
