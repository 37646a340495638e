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
});
