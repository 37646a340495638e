import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { bounced, clicked, opened, sent, serverOf } from "../../../test/seed.js";

// Three Eastern days of activity. The second message is sent at 23:30 Eastern on 2 March, already
// 3 March in UTC: it must count on 2 March.
async function seeded(): Promise<Harness> {
  const mock = createHarness();
  const server = await serverOf(mock);
  const welcome = await sent(server, {
    at: "2026-03-02T09:00:00-05:00",
    tag: "welcome",
    trackOpens: true,
    trackLinks: "HtmlAndText",
    html: '<p><a href="https://example.org/a">A</a> <a class="x" href="https://example.org/b">B</a> <a href="#top">top</a></p>',
    text: "Start at https://example.org/a",
  });
  const late = await sent(server, { at: "2026-03-02T23:30:00-05:00", tag: "reset" });
  const broadcast = await sent(server, { at: "2026-03-03T10:00:00-05:00", tag: "welcome", stream: "broadcast", trackOpens: true });
  const later = await sent(server, { at: "2026-03-05T08:00:00-05:00", tag: "welcome" });

  await bounced(server, late, "HardBounce", "2026-03-02T23:45:00-05:00");
  await bounced(server, broadcast, "Transient", "2026-03-03T11:00:00-05:00");
  await bounced(server, later, "SpamComplaint", "2026-03-05T12:00:00-05:00");
  await bounced(server, later, "DnsError", "2026-03-05T13:00:00-05:00");

  const gmail = { Name: "Gmail", Company: "Google", Family: "Gmail" };
  await opened(server, welcome, { at: new Date("2026-03-02T10:00:00-05:00"), Client: gmail, Platform: "WebMail", ReadSeconds: 12 });
  await opened(server, welcome, { at: new Date("2026-03-03T08:00:00-05:00"), Client: { Name: "Apple Mail", Company: "Apple Inc.", Family: "Apple Mail" }, Platform: "Mobile" });
  await opened(server, broadcast, { at: new Date("2026-03-03T12:00:00-05:00") });

  const chrome = { Name: "Chrome 120.0", Company: "Google", Family: "Chrome" };
  await clicked(server, welcome, { at: new Date("2026-03-02T10:05:00-05:00"), OriginalLink: "https://example.org/a", Client: chrome, Platform: "Desktop" });
  await clicked(server, welcome, { at: new Date("2026-03-03T09:00:00-05:00"), OriginalLink: "https://example.org/a", Client: chrome, Platform: "Desktop" });
  await clicked(server, welcome, {
    at: new Date("2026-03-03T09:05:00-05:00"),
    OriginalLink: "https://example.org/a",
    ClickLocation: "Text",
    Recipient: "john@example.org",
    Client: { Name: "Safari 17", Company: "Apple Inc.", Family: "Safari" },
    Platform: "Mobile",
  });
  return mock;
}

const empty = { fromdate: "2027-01-01" };

describe("stats computed from the server's records", () => {
  let mock: Harness;
  beforeAll(async () => {
    mock = await seeded();
  });

  const cases: { path: string; query?: Record<string, string>; body: unknown }[] = [
    { path: "/stats/outbound/sends", body: { Days: [{ Date: "2026-03-02", Sent: 2 }, { Date: "2026-03-05", Sent: 1 }], Sent: 3 } },
    { path: "/stats/outbound/sends", query: { messagestream: "broadcast" }, body: { Days: [{ Date: "2026-03-03", Sent: 1 }], Sent: 1 } },
    { path: "/stats/outbound/sends", query: { messagestream: "outbound" }, body: { Days: [{ Date: "2026-03-02", Sent: 2 }, { Date: "2026-03-05", Sent: 1 }], Sent: 3 } },
    { path: "/stats/outbound/sends", query: { tag: "WELCOME" }, body: { Days: [{ Date: "2026-03-02", Sent: 1 }, { Date: "2026-03-05", Sent: 1 }], Sent: 2 } },
    { path: "/stats/outbound/sends", query: { fromdate: "2026-03-02", todate: "2026-03-02" }, body: { Days: [{ Date: "2026-03-02", Sent: 2 }], Sent: 2 } },
    { path: "/stats/outbound/sends", query: { fromdate: "2026-03-03", todate: "2026-03-04", messagestream: "broadcast" }, body: { Days: [{ Date: "2026-03-03", Sent: 1 }], Sent: 1 } },
    { path: "/stats/outbound/sends", query: { fromdate: "2026-03-02T12:00:00" }, body: { Days: [{ Date: "2026-03-02", Sent: 1 }, { Date: "2026-03-05", Sent: 1 }], Sent: 2 } },
    { path: "/stats/outbound/sends", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/bounces", body: { Days: [{ Date: "2026-03-02", HardBounce: 1 }], HardBounce: 1 } },
    { path: "/stats/outbound/bounces", query: { messagestream: "broadcast" }, body: { Days: [{ Date: "2026-03-03", Transient: 1 }], Transient: 1 } },
    { path: "/stats/outbound/bounces", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/spam", body: { Days: [{ Date: "2026-03-05", SpamComplaint: 1 }], SpamComplaint: 1 } },
    { path: "/stats/outbound/spam", query: { tag: "reset" }, body: { Days: [] } },
    { path: "/stats/outbound/tracked", body: { Days: [{ Date: "2026-03-02", Tracked: 1 }], Tracked: 1 } },
    { path: "/stats/outbound/tracked", query: empty, body: { Days: [] } },
    {
      path: "/stats/outbound/opens",
      body: { Days: [{ Date: "2026-03-02", Opens: 1, Unique: 1 }, { Date: "2026-03-03", Opens: 1, Unique: 0 }], Opens: 2, Unique: 1 },
    },
    { path: "/stats/outbound/opens", query: { messagestream: "broadcast" }, body: { Days: [{ Date: "2026-03-03", Opens: 1, Unique: 1 }], Opens: 1, Unique: 1 } },
    { path: "/stats/outbound/opens", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/opens/platforms", body: { Days: [{ Date: "2026-03-02", WebMail: 1 }], WebMail: 1 } },
    { path: "/stats/outbound/opens/platforms", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/opens/emailclients", body: { Days: [{ Date: "2026-03-02", Gmail: 1 }], Gmail: 1 } },
    { path: "/stats/outbound/opens/emailclients", query: empty, body: { Days: [] } },
    {
      path: "/stats/outbound/clicks",
      body: { Days: [{ Date: "2026-03-02", Clicks: 1, Unique: 1 }, { Date: "2026-03-03", Clicks: 2, Unique: 1 }], Clicks: 3, Unique: 2 },
    },
    { path: "/stats/outbound/clicks", query: { fromdate: "2026-03-03" }, body: { Days: [{ Date: "2026-03-03", Clicks: 2, Unique: 1 }], Clicks: 2, Unique: 1 } },
    { path: "/stats/outbound/clicks", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/clicks/browserfamilies", body: { Days: [{ Date: "2026-03-02", Chrome: 1 }, { Date: "2026-03-03", Safari: 1 }], Chrome: 1, Safari: 1 } },
    { path: "/stats/outbound/clicks/browserfamilies", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/clicks/platforms", body: { Days: [{ Date: "2026-03-02", Desktop: 1 }, { Date: "2026-03-03", Mobile: 1 }], Desktop: 1, Mobile: 1 } },
    { path: "/stats/outbound/clicks/platforms", query: empty, body: { Days: [] } },
    { path: "/stats/outbound/clicks/location", body: { Days: [{ Date: "2026-03-02", HTML: 1 }, { Date: "2026-03-03", Text: 1 }], HTML: 1, Text: 1 } },
    { path: "/stats/outbound/clicks/location", query: empty, body: { Days: [] } },
  ];

  it.each(cases)("$path $query", async ({ path, query, body }) => {
    const answer = await mock.call("GET", path, query ? { query } : {});
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(body);
  });

  it("sums the whole history of both streams into the overview", async () => {
    const outbound = (await mock.call("GET", "/stats/outbound")).json as Record<string, number>;
    const broadcast = (await mock.call("GET", "/stats/outbound", { query: { messagestream: "broadcast" } })).json as Record<string, number>;
    const counts = ["Sent", "Bounced", "SMTPApiErrors", "SpamComplaints", "Opens", "UniqueOpens", "TotalClicks", "Tracked", "WithLinkTracking", "WithOpenTracking", "WithClientRecorded", "WithPlatformRecorded", "WithReadTimeRecorded"];
    const answer = { json: { ...outbound, ...Object.fromEntries(counts.map((name) => [name, (outbound[name] ?? 0) + (broadcast[name] ?? 0)])) } };
    answer.json["BounceRate"] = Math.round((answer.json["Bounced"]! / answer.json["Sent"]!) * 100_000) / 1000;
    answer.json["SpamComplaintsRate"] = Math.round((answer.json["SpamComplaints"]! / answer.json["Sent"]!) * 100_000) / 1000;
    expect(answer.json).toEqual({
      Sent: 4,
      Bounced: 3,
      SMTPApiErrors: 0,
      BounceRate: 75,
      SpamComplaints: 1,
      SpamComplaintsRate: 25,
      Opens: 3,
      UniqueOpens: 2,
      TotalClicks: 3,
      UniqueLinksClicked: 2,
      TotalTrackedLinksSent: 3,
      Tracked: 2,
      WithLinkTracking: 1,
      WithOpenTracking: 2,
      WithClientRecorded: 1,
      WithPlatformRecorded: 2,
      WithReadTimeRecorded: 2,
    });
  });

  it("narrows the overview by tag, stream and period", async () => {
    const reset = await mock.call("GET", "/stats/outbound", { query: { tag: "reset" } });
    expect(reset.json).toMatchObject({ Sent: 1, Bounced: 1, BounceRate: 100, Opens: 0, Tracked: 0 });
    const broadcast = await mock.call("GET", "/stats/outbound", { query: { messagestream: "broadcast", fromdate: "2026-03-03", todate: "2026-03-03" } });
    expect(broadcast.json).toMatchObject({ Sent: 1, Bounced: 1, Opens: 1, UniqueOpens: 1, WithOpenTracking: 1, WithLinkTracking: 0 });
  });

  it("answers zeros for a period without mail", async () => {
    const answer = await mock.call("GET", "/stats/outbound", { query: empty });
    expect(Object.values(answer.json as Record<string, number>).every((value) => value === 0)).toBe(true);
  });

  it("counts SMTP API errors apart from bounces", async () => {
    const fresh = createHarness();
    const server = await serverOf(fresh);
    const message = await sent(server, { at: "2026-04-01T12:00:00-04:00" });
    await bounced(server, message, "SMTPApiError", "2026-04-01T12:00:01-04:00");
    const overview = await fresh.call("GET", "/stats/outbound");
    expect(overview.json).toMatchObject({ Sent: 1, Bounced: 0, SMTPApiErrors: 1, BounceRate: 0 });
    const bounces = await fresh.call("GET", "/stats/outbound/bounces");
    expect(bounces.json).toEqual({ Days: [{ Date: "2026-04-01", SMTPApiError: 1 }], SMTPApiError: 1 });
  });

  it("keeps each server's stats to itself", async () => {
    const other = await mock.call("GET", "/stats/outbound/sends", { token: "stats-other-server" });
    expect(other.json).toEqual({ Days: [] });
  });
});
