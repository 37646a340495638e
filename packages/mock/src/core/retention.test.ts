// The store-wide limits, on a clock the test steps: sent messages past the total go oldest first,
// mail past the age goes, and servers idle past the age that hold nothing go with it.
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/harness.js";

const day = 86_400_000;

function steppedHarness(options: { maxTotalMessages?: number; maxAgeMs?: number }) {
  const clock = { at: Date.parse("2026-01-01T12:00:00Z") };
  const mock = createHarness({ ...options, now: () => new Date(clock.at) });
  return { mock, clock };
}

const send = (mock: Harness, token: string, subject: string) =>
  mock.call("POST", "/email", { token, body: { From: "app@example.com", To: "jane@example.org", Subject: subject, TextBody: "Hello" } });

async function subjects(mock: Harness): Promise<string[]> {
  const found = await mock.emulator.messages.search({});
  return found.items.map((message) => message.details.Subject);
}

describe("retention over the whole store", () => {
  it("keeps at most --max-total sent messages over all servers, letting the oldest go", async () => {
    const { mock, clock } = steppedHarness({ maxTotalMessages: 3 });
    for (const [token, subject] of [["a", "1"], ["b", "2"], ["a", "3"], ["b", "4"], ["a", "5"]] as const) {
      clock.at += 2_000;
      expect((await send(mock, token, subject)).status).toBe(200);
    }
    expect(await subjects(mock)).toEqual(["5", "4", "3"]);
  });

  it("lets mail older than --max-age go, and servers idle that long that hold nothing", async () => {
    const { mock, clock } = steppedHarness({ maxAgeMs: 45 * day });
    await send(mock, "idle", "old");
    await mock.call("POST", "/templates", { token: "configured", body: { Name: "Kept", Subject: "Hi", TextBody: "Hello" } });
    await mock.call("GET", "/server", { token: "reader" });
    clock.at += 30 * day;
    await send(mock, "busy", "recent");
    await mock.call("GET", "/server", { token: "reader" });
    clock.at += 20 * day;
    await send(mock, "busy", "new");
    expect(await subjects(mock)).toEqual(["new", "recent"]);
    // "idle" lost its one message and was not named for 50 days; "configured" holds a template,
    // and "reader" was named 20 days ago.
    const names = (await mock.emulator.servers()).map((server) => server.ID);
    const idOf = async (token: string) => (await mock.emulator.server(token))?.ID;
    expect(await idOf("idle")).toBeUndefined();
    expect(names).toEqual([await idOf("configured"), await idOf("reader"), await idOf("busy")]);
  });

  it("keeps everything when no limit is set", async () => {
    const { mock, clock } = steppedHarness({});
    await send(mock, "a", "old");
    clock.at += 400 * day;
    await send(mock, "a", "new");
    expect(await subjects(mock)).toEqual(["new", "old"]);
  });
});
