// Opens and clicks of sent messages. Recording one adds it to the server's event lists (which the
// message-event searches and the stats read) and to the message's own `MessageEvents`, the way
// Postmark shows them in a message's details. Callers decide whether the message could be opened or
// clicked at all (open tracking on, links tracked); these functions only record.
import type { EmulatorEvent } from "./events.js";
import { sameText } from "./paging.js";
import type { OutboundRecord, ServerState } from "./state.js";
import { postmarkTimestamp } from "./time.js";
import type { Schemas } from "./types.js";
import { keepNewest, retention } from "./retention.js";

type AgentInfo = Schemas["AgentInfo"];

/** How Postmark describes software it could not recognise. */
export const unknownAgent: AgentInfo = { Name: "unknown", Company: "unknown", Family: "unknown" };

/** What an open may say about who opened the message, and when. Anything left out is unknown. */
export type OpenInit = Partial<Pick<Schemas["OpenEvent"], "Recipient" | "Client" | "OS" | "Platform" | "UserAgent" | "ReadSeconds" | "Geo">> & { at: Date };

/** What a click may say; the clicked link is required. Anything else left out is unknown. */
export type ClickInit = Partial<Pick<Schemas["ClickEvent"], "Recipient" | "ClickLocation" | "Client" | "OS" | "Platform" | "UserAgent" | "Geo">> & {
  OriginalLink: string;
  at: Date;
};

/** What opens and clicks share: who read the message, with what, where and when, and the message's own fields. */
function readerFields(record: OutboundRecord, init: OpenInit | ClickInit, recipient: string) {
  const { details } = record;
  return {
    Client: init.Client ?? unknownAgent,
    OS: init.OS ?? unknownAgent,
    Platform: init.Platform ?? "Unknown",
    UserAgent: init.UserAgent ?? null,
    Geo: init.Geo ?? {},
    MessageID: details.MessageID,
    MessageStream: details.MessageStream,
    ReceivedAt: postmarkTimestamp(init.at),
    Tag: details.Tag ?? "",
    Recipient: recipient,
    Metadata: details.Metadata,
  };
}

/** Records an open of a sent message and returns it. The first open per recipient is marked `FirstOpen`. */
export function recordOpen(server: ServerState, record: OutboundRecord, init: OpenInit): Schemas["OpenEvent"] {
  const { details } = record;
  const recipient = init.Recipient ?? firstRecipient(record);
  const firstOpen = !server.opens.some((open) => open.MessageID === details.MessageID && sameText(open.Recipient, recipient));
  const reader = readerFields(record, init, recipient);
  const { Client: client, Platform: platform, ReceivedAt: receivedAt } = reader;
  const open: Schemas["OpenEvent"] = { RecordType: "Open", FirstOpen: firstOpen, ReadSeconds: init.ReadSeconds ?? 0, ...reader };
  server.opens.push(open);
  keepNewest(server.opens, retention.opensPerServer);
  details.MessageEvents.push({
    Recipient: recipient,
    Type: "Opened",
    ReceivedAt: receivedAt,
    Details: { Summary: `Opened with ${agentName(client)} on a ${platform === "Unknown" ? "device of unknown kind" : `${platform} device`}` },
  });
  keepNewest(details.MessageEvents, retention.eventsPerMessage);
  return open;
}

/** Records a click on a tracked link of a sent message and returns it. */
export function recordClick(server: ServerState, record: OutboundRecord, init: ClickInit): Schemas["ClickEvent"] {
  const { details } = record;
  const recipient = init.Recipient ?? firstRecipient(record);
  const reader = readerFields(record, init, recipient);
  const receivedAt = reader.ReceivedAt;
  const location = init.ClickLocation ?? "HTML";
  const click: Schemas["ClickEvent"] = { RecordType: "Click", ClickLocation: location, OriginalLink: init.OriginalLink, ...reader };
  server.clicks.push(click);
  keepNewest(server.clicks, retention.clicksPerServer);
  details.MessageEvents.push({
    Recipient: recipient,
    Type: "LinkClicked",
    ReceivedAt: receivedAt,
    Details: { Summary: `Clicked a link in the ${location === "HTML" ? "HTML" : "text"} body`, Link: init.OriginalLink, ClickLocation: location },
  });
  keepNewest(details.MessageEvents, retention.eventsPerMessage);
  return click;
}

/** The event (and webhook payload) an open gives rise to. */
export function openEvent(server: ServerState, open: Schemas["OpenEvent"]): EmulatorEvent {
  return {
    type: "Open",
    serverId: server.server.ID,
    messageStream: open.MessageStream ?? "outbound",
    messageId: open.MessageID,
    payload: {
      RecordType: "Open",
      MessageStream: open.MessageStream ?? "outbound",
      Metadata: open.Metadata ?? {},
      FirstOpen: open.FirstOpen ?? false,
      Recipient: open.Recipient,
      MessageID: open.MessageID,
      ReceivedAt: open.ReceivedAt,
      Platform: open.Platform,
      ReadSeconds: open.ReadSeconds ?? 0,
      Tag: open.Tag ?? "",
      UserAgent: open.UserAgent ?? null,
      OS: open.OS,
      Client: open.Client,
      Geo: open.Geo,
    },
  };
}

/** The event (and webhook payload) a click gives rise to. */
export function clickEvent(server: ServerState, click: Schemas["ClickEvent"]): EmulatorEvent {
  return {
    type: "Click",
    serverId: server.server.ID,
    messageStream: click.MessageStream ?? "outbound",
    messageId: click.MessageID,
    payload: {
      RecordType: "Click",
      MessageStream: click.MessageStream ?? "outbound",
      Metadata: click.Metadata ?? {},
      Recipient: click.Recipient,
      MessageID: click.MessageID,
      ReceivedAt: click.ReceivedAt,
      Platform: click.Platform,
      ClickLocation: click.ClickLocation ?? "HTML",
      OriginalLink: click.OriginalLink,
      Tag: click.Tag ?? "",
      UserAgent: click.UserAgent ?? null,
      OS: click.OS,
      Client: click.Client,
      Geo: click.Geo,
    },
  };
}

/** Whether Postmark could tell the software apart (it says "unknown" when it could not). */
export function isKnownAgent(agent: AgentInfo | undefined): agent is AgentInfo & { Family: string } {
  const family = agent?.Family?.trim() ?? "";
  return family !== "" && family.toLowerCase() !== "unknown";
}

function agentName(agent: AgentInfo): string {
  return agent.Name?.trim() && agent.Name.toLowerCase() !== "unknown" ? agent.Name : "an unknown client";
}

function firstRecipient(record: OutboundRecord): string {
  return record.details.Recipients[0] ?? record.details.To[0]?.Email ?? "";
}
