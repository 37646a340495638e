import { describe, expect, it } from "vitest";
import { createHarness } from "../../../test/harness.js";

describe("inbound rules", () => {
  it("creates rules for addresses and domains and pages through them", async () => {
    const mock = createHarness();
    const rules = ["spammer@example.com", "example.net", "sub.example.org"];
    const created = [];
    for (const Rule of rules) {
      const answer = await mock.call("POST", "/triggers/inboundrules", { body: { Rule } });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ ID: expect.any(Number), Rule });
      created.push(answer.json);
    }
    const first = await mock.call("GET", "/triggers/inboundrules", { query: { count: 2, offset: 0 } });
    expect(first.json).toEqual({ TotalCount: 3, InboundRules: created.slice(0, 2) });
    const second = await mock.call("GET", "/triggers/inboundrules", { query: { count: 2, offset: 2 } });
    expect(second.json).toEqual({ TotalCount: 3, InboundRules: created.slice(2) });
  });

  it.each([
    { case: "neither an address nor a domain", setup: [], Rule: "not a rule", errorCode: 813 },
    { case: "a bare word", setup: [], Rule: "localhost", errorCode: 813 },
    { case: "an address with two @", setup: [], Rule: "a@b@example.com", errorCode: 813 },
    { case: "a blank rule", setup: [], Rule: "   ", errorCode: 809 },
    { case: "a rule that exists (any case)", setup: ["Example.com"], Rule: "example.COM", errorCode: 810 },
  ])("refuses $case with ErrorCode $errorCode", async ({ setup, Rule, errorCode }) => {
    const mock = createHarness();
    for (const earlier of setup) await mock.call("POST", "/triggers/inboundrules", { body: { Rule: earlier } });
    const answer = await mock.call("POST", "/triggers/inboundrules", { body: { Rule } });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });

  it("deletes a rule, and refuses an unknown one or another server's with 812", async () => {
    const mock = createHarness();
    const { json: rule } = await mock.call("POST", "/triggers/inboundrules", { body: { Rule: "example.com" } });
    const { json: foreign } = await mock.call("POST", "/triggers/inboundrules", { token: "other-server", body: { Rule: "example.com" } });
    const removed = await mock.call("DELETE", `/triggers/inboundrules/${rule.ID}`);
    expect(removed.json).toEqual({ ErrorCode: 0, Message: `Rule ${rule.ID} removed.` });
    expect((await mock.call("GET", "/triggers/inboundrules", { query: { count: 10, offset: 0 } })).json.TotalCount).toBe(0);
    for (const id of [rule.ID, foreign.ID]) {
      const answer = await mock.call("DELETE", `/triggers/inboundrules/${id}`);
      expect(answer.status).toBe(422);
      expect(answer.json.ErrorCode).toBe(812);
    }
  });
});
