import { describe, expect, it } from "vitest";
import { createHarness } from "../../test/harness.js";
import type { EmulatorEvent } from "../core/events.js";
import { targetsFor } from "./targets.js";

type Kind = Exclude<EmulatorEvent["type"], "Inbound">;
const kinds: Kind[] = ["Delivery", "Bounce", "SpamComplaint", "Open", "Click", "SubscriptionChange"];

/** An event of a kind for a message; target selection reads only the kind, stream, message and FirstOpen. */
function eventOf(type: Kind, serverId: number, messageId: string, messageStream = "outbound"): EmulatorEvent {
  return { type, serverId, messageStream, messageId, payload: { FirstOpen: true } } as EmulatorEvent;
}

async function serverWithMessage(tracking: { TrackOpens: boolean; TrackLinks: string }) {
  const mock = createHarness();
  const serverId = (await mock.call("GET", "/server")).json.ID as number;
  const sent = await mock.call("POST", "/email", { body: { From: "a@example.com", To: "b@example.org", Subject: "s", HtmlBody: '<a href="https://example.com/x">x</a>', ...tracking } });
  return { mock, serverId, messageId: sent.json.MessageID as string };
}

describe("a stream webhook receives the events whose trigger is on", () => {
  it.each(kinds)("a webhook with only %s on", async (enabled) => {
    const { mock, serverId, messageId } = await serverWithMessage({ TrackOpens: true, TrackLinks: "HtmlAndText" });
    await mock.call("POST", "/webhooks", { body: { Url: "https://hooks.example.com/one", Triggers: { [enabled]: { Enabled: true } } } });
    const received = kinds.filter((kind) => targetsFor(mock.emulator.state, eventOf(kind, serverId, messageId)).length > 0);
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
    const received = kinds.filter((kind) => targetsFor(mock.emulator.state, eventOf(kind, serverId, messageId)).length > 0);
    expect(received).toEqual(expected);
    const elsewhere = kinds.filter((kind) => targetsFor(mock.emulator.state, eventOf(kind, serverId, messageId, "broadcast")).length > 0);
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
    const { mock, serverId, messageId } = await serverWithMessage(tracking);
    await mock.call("POST", "/webhooks", { body: { Url: "https://hooks.example.com/t", Triggers: { Open: { Enabled: true }, Click: { Enabled: true } } } });
    const received = (["Open", "Click"] as const).filter((kind) => targetsFor(mock.emulator.state, eventOf(kind, serverId, messageId)).length > 0);
    expect(received).toEqual(expected);
  });
});

it("posts nothing for a server that no longer exists", () => {
  const mock = createHarness();
  expect(targetsFor(mock.emulator.state, eventOf("Delivery", 12345, "m"))).toEqual([]);
});
