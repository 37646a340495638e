import { describe, expect, it } from "vitest";
import { createHarness } from "../test/harness.js";
import { sentMessages, type SentMessageFilter } from "./sent.js";

async function seeded() {
  // A clock a second apart per reading: "newest first" across servers needs distinct times.
  let time = Date.parse("2026-01-05T12:00:00Z");
  const mock = createHarness({ now: () => new Date((time += 1_000)) });
  const send = (body: Record<string, unknown>, token = mock.token) =>
    mock.call("POST", "/email", { token, body: { From: "Acme Billing <billing@acme.test>", TextBody: "Hi", ...body } });
  await send({ To: "Jane Doe <jane@example.org>", Subject: "Your receipt", Tag: "receipt" });
  await send({ To: "bob@example.org", Cc: "carol@example.org", Subject: "Welcome aboard, Bob", Tag: "welcome" });
  await send({ To: "dan@example.org", Subject: "Welcome, Dan" }, "other-server");
  return mock;
}

describe("sentMessages", () => {
  it.each<[string, SentMessageFilter, string[]]>([
    ["no filter: every server, newest first", {}, ["Welcome, Dan", "Welcome aboard, Bob", "Your receipt"]],
    ["an address, without regard to case", { to: "JANE@example.org" }, ["Your receipt"]],
    ["an address given with a display name", { to: "Jane <jane@example.org>" }, ["Your receipt"]],
    ["a Cc recipient", { to: "carol@example.org" }, ["Welcome aboard, Bob"]],
    ["a pattern on the display name", { to: /^Jane Doe/ }, ["Your receipt"]],
    ["an address is not a substring", { to: "example.org" }, []],
    ["a subject must be equal", { subject: "Welcome" }, []],
    ["a subject pattern", { subject: /^Welcome/ }, ["Welcome, Dan", "Welcome aboard, Bob"]],
    ["a global pattern matches every time", { subject: /welcome/gi }, ["Welcome, Dan", "Welcome aboard, Bob"]],
    ["a tag", { tag: "receipt" }, ["Your receipt"]],
    ["a sender address", { from: "billing@acme.test" }, ["Welcome, Dan", "Welcome aboard, Bob", "Your receipt"]],
    ["the sender as sent", { from: "Acme Billing <billing@acme.test>", subject: /Dan/ }, ["Welcome, Dan"]],
    ["a stream", { stream: "OUTBOUND", tag: "welcome" }, ["Welcome aboard, Bob"]],
    ["a server token", { token: "other-server" }, ["Welcome, Dan"]],
    ["a token no request used", { server: "unused-token" }, []],
  ])("%s", async (_name, filter, subjects) => {
    const mock = await seeded();
    expect((await sentMessages(mock.emulator, filter)).map((message) => message.Subject)).toEqual(subjects);
  });

  it("gives each message's details with the ID of the server that sent it", async () => {
    const mock = await seeded();
    const [message] = await sentMessages(mock.emulator, { token: "other-server" });
    const serverId = (await mock.emulator.server("other-server"))?.ID;
    expect(message).toMatchObject({ ServerID: serverId, To: [{ Email: "dan@example.org" }], MessageStream: "outbound", TextBody: "Hi" });
    expect(await sentMessages(mock.emulator, { server: serverId! })).toHaveLength(1);
  });
});
