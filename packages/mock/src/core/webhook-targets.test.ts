import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/harness.js";
import type { EmulatorEvent } from "./events.js";
import { targetsFor } from "./webhook-targets.js";

type Kind = Exclude<EmulatorEvent["type"], "Inbound">;
const kinds: Kind[] = ["Delivery", "Bounce", "SpamComplaint", "Open", "Click", "SubscriptionChange"];

/** An event of a kind for a message; target selection reads only the kind, stream, message and FirstOpen. */
function eventOf(type: Kind, serverId: number, messageId: string, messageStream = "outbound"): EmulatorEvent {
  return { type, serverId, messageStream, messageId, payload: { FirstOpen: true } } as EmulatorEvent;
}

function targetsOf(mock: Harness, event: EmulatorEvent) {
  return mock.store.transaction((tx) => targetsFor(tx, event));
}

/** The kinds, of those given, whose event for the message has somewhere to be posted. */
async function kindsPosted(mock: Harness, kinds: readonly Kind[], eventFor: (kind: Kind) => EmulatorEvent): Promise<Kind[]> {
  const posted: Kind[] = [];
  for (const kind of kinds) if ((await targetsOf(mock, eventFor(kind))).length > 0) posted.push(kind);
  return posted;
}

async function serverWithMessage(tracking: { TrackOpens: boolean; TrackLinks: string }) {
  const mock = createHarness();
  const serverId = (await mock.call("GET", "/server")).json.ID as number;
  const sent = await mock.call("POST", "/email", { body: { From: "a@example.com", To: "b@example.org", Subject: "s", HtmlBody: '<a href="https://example.com/x">x</a>', TextBody: "x: https://example.com/x", ...tracking } });
  return { mock, serverId, messageId: sent.json.MessageID as string };
}

describe("a stream webhook receives the events whose trigger is on", () => {
  it.each(kinds)("a webhook with only %s on", async (enabled) => {
    const { mock, serverId, messageId } = await serverWithMessage({ TrackOpens: true, TrackLinks: "HtmlAndText" });
    await mock.call("POST", "/webhooks", { body: { Url: "https://hooks.example.com/one", Triggers: { [enabled]: { Enabled: true } } } });
    const received = await kindsPosted(mock, kinds, (kind) => eventOf(kind, serverId, messageId));
    expect(received).toEqual([enabled]);
  });
});

describe("the server's hook URLs", () => {
  it.each<[string, Kind[]]>([
    ["DeliveryHookUrl", ["Delivery"]],
    ["BounceHookUrl", ["Bounce", "SpamComplaint"]],
    ["OpenHookUrl", ["Open"]],
    ["ClickHookUrl", ["Click"]],
    ["InboundHookUrl", []],
  ])("%s receives %j of the outbound stream", async (field, expected) => {
    const { mock, serverId, messageId } = await serverWithMessage({ TrackOpens: true, TrackLinks: "HtmlAndText" });
    await mock.call("PUT", "/server", { body: { [field]: "https://hooks.example.com/server" } });
    const received = await kindsPosted(mock, kinds, (kind) => eventOf(kind, serverId, messageId));
    expect(received).toEqual(expected);
    const elsewhere = await kindsPosted(mock, kinds, (kind) => eventOf(kind, serverId, messageId, "broadcast"));
    expect(elsewhere).toEqual([]);
  });
});

describe("tracking", () => {
  it.each([
    { tracking: { TrackOpens: false, TrackLinks: "None" }, expected: [] },
    { tracking: { TrackOpens: true, TrackLinks: "None" }, expected: ["Open"] },
    { tracking: { TrackOpens: false, TrackLinks: "HtmlOnly" }, expected: ["Click"] },
    { tracking: { TrackOpens: true, TrackLinks: "TextOnly" }, expected: ["Open", "Click"] },
  ])("opens and clicks fire only with tracking on: $tracking", async ({ tracking, expected }) => {
    const { mock, messageId } = await serverWithMessage(tracking);
    await mock.call("POST", "/webhooks", { body: { Url: "https://hooks.example.com/t", Triggers: { Open: { Enabled: true }, Click: { Enabled: true } } } });
    // Whether an untracked open or click is posted is settled where it is recorded, so both are
    // made to happen to the message, and the events published with posts are the ones that fire.
    const received: string[] = [];
    mock.emulator.subscribe((notice) => {
      if (notice.type === "event" && notice.posts.length > 0) received.push(notice.event.type);
    });
    for (const Type of ["Open", "Click"] as const) await mock.emulator.simulate(messageId, { Type });
    expect(received).toEqual(expected);
  });
});

it("posts nothing for a server that no longer exists", async () => {
  const mock = createHarness();
  expect(await targetsOf(mock, eventOf("Delivery", 12345, "m"))).toEqual([]);
});
