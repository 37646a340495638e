// Puts records straight into an emulator server's state, for tests of the groups that read them
// (stats, message events) without going through the sending operations.
import type { ServerState, OutboundRecord } from "../src/core/state.js";
import { postmarkTimestamp } from "../src/core/time.js";
import type { Schemas } from "../src/core/types.js";
import type { Harness } from "./harness.js";

/** The state of the server behind the harness's token (or another token). */
export async function serverOf(mock: Harness, token?: string): Promise<ServerState> {
  const answer = await mock.call("GET", "/server", token === undefined ? {} : { token });
  const server = mock.emulator.state.servers[answer.json.ID as number];
  if (!server) throw new Error(`No server ${String(answer.json.ID)} in the state`);
  return server;
}

let sequence = 0;

export interface SentInit {
  at: string;
  to?: string;
  tag?: string;
  stream?: string;
  trackOpens?: boolean;
  trackLinks?: Schemas["TrackLinks"];
  html?: string;
  text?: string;
  metadata?: Record<string, string>;
}

/** Adds a sent message to the server, as if it had been accepted at `at`. */
export function sent(server: ServerState, init: SentInit): OutboundRecord {
  const at = Date.parse(init.at);
  const to = init.to ?? "jane@example.org";
  const record: OutboundRecord = {
    details: {
      MessageID: `00000000-0000-4000-8000-${String(++sequence).padStart(12, "0")}`,
      MessageStream: init.stream ?? "outbound",
      Tag: init.tag ?? "",
      To: [{ Email: to, Name: "" }],
      Cc: [],
      Bcc: [],
      Recipients: [to],
      ReceivedAt: postmarkTimestamp(new Date(at)),
      From: "sender@example.com",
      Subject: "Hello",
      Attachments: [],
      Status: "Sent",
      TrackOpens: init.trackOpens ?? false,
      TrackLinks: init.trackLinks ?? "None",
      Metadata: init.metadata ?? {},
      Sandboxed: false,
      HtmlBody: init.html ?? null,
      TextBody: init.text ?? "Hello",
      MessageEvents: [],
    },
    attachments: [],
    at,
  };
  server.outbound.push(record);
  return record;
}

const typeCodes: Partial<Record<Schemas["BounceType"], Schemas["BounceTypeCode"]>> = {
  HardBounce: 1,
  Transient: 2,
  SoftBounce: 4096,
  SpamComplaint: 100001,
  SMTPApiError: 100007,
  DnsError: 256,
};

/** Adds a bounce of a sent message to the server. */
export function bounced(server: ServerState, record: OutboundRecord, type: Schemas["BounceType"], at: string): Schemas["Bounce"] {
  const bounce: Schemas["Bounce"] = {
    RecordType: "Bounce",
    ID: server.bounces.length + 1,
    Type: type,
    TypeCode: typeCodes[type] ?? 1,
    Name: type,
    Tag: record.details.Tag ?? "",
    MessageID: record.details.MessageID,
    ServerID: server.server.ID,
    MessageStream: record.details.MessageStream,
    Description: "",
    Details: "",
    Email: record.details.Recipients[0] ?? "",
    From: record.details.From,
    BouncedAt: postmarkTimestamp(new Date(Date.parse(at))),
    DumpAvailable: false,
    Inactive: type === "HardBounce",
    CanActivate: true,
    Subject: record.details.Subject,
  };
  server.bounces.push(bounce);
  return bounce;
}
