import { describe, expect, it } from "vitest";
import { message } from "../../test/store-conformance.js";
import { outboundDocument, withBuiltSource } from "./outbound-source.js";
import { buildMimeSource } from "./mail/index.js";

const roundTrip = (record: ReturnType<typeof message>) => outboundDocument.read(JSON.parse(JSON.stringify(outboundDocument.write(record))));

describe("a sent message as an engine writes it out", () => {
  it("keeps a source that came as it is (a message sent over SMTP)", () => {
    const record = message(1, { at: 1_000, subject: "Over SMTP" });
    expect(record.details.Body).toBe("Subject: Hello\r\n\r\nHello");
    const written = JSON.stringify(outboundDocument.write(record));
    expect(written).toContain('"Body":"Subject: Hello\\r\\n\\r\\nHello"');
    expect(roundTrip(record).details.Body).toBe(record.details.Body);
  });

  it("leaves out a source built from the record, and builds the same one from what it wrote", () => {
    const sent = message(1, { at: Date.UTC(2026, 10, 30, 3, 38, 29, 123), subject: "Built", metadata: { order: "7" }, tag: "welcome" });
    const { Body: _, ...details } = sent.details;
    const record = withBuiltSource({ ...sent, details, source: { To: "Jane <jane@example.org>", ReplyTo: "help@example.com", Headers: [{ Name: "X-Campaign", Value: "autumn" }] } });
    const eager = buildMimeSource(
      { From: details.From, To: "Jane <jane@example.org>", ReplyTo: "help@example.com", Subject: "Built", Tag: "welcome", Metadata: { order: "7" }, TextBody: "Hello", Headers: [{ Name: "X-Campaign", Value: "autumn" }] },
      { messageId: details.MessageID, date: new Date(record.at) },
    );
    expect(record.details.Body).toBe(eager);
    expect(JSON.stringify(outboundDocument.write(record))).not.toContain('"Body"');
    expect(roundTrip(record).details.Body).toBe(eager);
  });
});
