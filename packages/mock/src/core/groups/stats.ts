// Stats: outbound statistics computed from what the server holds — its sent messages, bounces,
// opens and clicks — over a period of US Eastern days, optionally for one tag and one stream.
import type { Answer } from "../../front/front.js";
import type { Context, Handler } from "../context.js";
import { countByDay, one, type DayCounts, type Tally } from "../day-counts.js";
import { sameText } from "../paging.js";
import type { OutboundRecord, ServerState } from "../state.js";
import { filterBound } from "../time.js";
import { isKnownAgent } from "../tracking.js";
import type { OperationId, Schemas } from "../types.js";

interface StatsQuery {
  tag?: string;
  fromdate?: string;
  todate?: string;
  messagestream?: string;
}

/** The bounce kinds the bounce stats count; other bounce types are not part of that answer. */
const countedBounceTypes = new Set<string>(["HardBounce", "SoftBounce", "Transient", "SMTPApiError"]);

/** What the stats of one call look at: the server's records within the call's filters. */
interface Scope {
  sent: OutboundRecord[];
  bounces: { bounce: Schemas["Bounce"]; at: number }[];
  opens: { open: Schemas["OpenEvent"]; at: number }[];
  clicks: { click: Schemas["ClickEvent"]; at: number; unique: boolean }[];
}

function scopeOf(context: Context): Scope {
  const query = context.query<StatsQuery>();
  const from = filterBound(query.fromdate, "from");
  const to = filterBound(query.todate, "to");
  // Without `messagestream` the figures cover the default transactional stream, as the spec says.
  const stream = query.messagestream ?? "outbound";
  const keep = (at: number, tag: string | null | undefined, messageStream: string | undefined) =>
    (from === undefined || at >= from) &&
    (to === undefined || at <= to) &&
    (query.tag === undefined || sameText(tag, query.tag)) &&
    sameText(messageStream, stream);
  const server = context.server();
  const uniqueClicks = firstClicks(server);
  return {
    sent: server.outbound.filter((record) => keep(record.at, record.details.Tag, record.details.MessageStream)),
    bounces: server.bounces.map((bounce) => ({ bounce, at: Date.parse(bounce.BouncedAt) })).filter(({ bounce, at }) => keep(at, bounce.Tag, bounce.MessageStream)),
    opens: server.opens.map((open) => ({ open, at: Date.parse(open.ReceivedAt) })).filter(({ open, at }) => keep(at, open.Tag, open.MessageStream)),
    clicks: server.clicks
      .map((click) => ({ click, at: Date.parse(click.ReceivedAt), unique: uniqueClicks.has(click) }))
      .filter(({ click, at }) => keep(at, click.Tag, click.MessageStream)),
  };
}

/** Each recipient's first click on each link of each message, over the server's whole history. */
function firstClicks(server: ServerState): Set<Schemas["ClickEvent"]> {
  const seen = new Set<string>();
  const first = new Set<Schemas["ClickEvent"]>();
  const ordered = [...server.clicks].sort((a, b) => Date.parse(a.ReceivedAt) - Date.parse(b.ReceivedAt));
  for (const click of ordered) {
    const key = `${click.MessageID}\n${click.Recipient.toLowerCase()}\n${click.OriginalLink}`;
    if (seen.has(key)) continue;
    seen.add(key);
    first.add(click);
  }
  return first;
}

function isTracked(record: OutboundRecord): boolean {
  return record.details.TrackOpens || record.details.TrackLinks !== "None";
}

function isSpamComplaint(bounce: Schemas["Bounce"]): boolean {
  return bounce.Type === "SpamComplaint";
}

/** The answer `{ Days, ...totals }`. Postmark answers an empty period with `{"Days": []}` alone (recorded real answers). */
function answer(counts: DayCounts): Answer {
  return { status: 200, body: { Days: counts.Days, ...counts.totals } };
}

const tallies = {
  sent: (scope: Scope): Tally[] => scope.sent.map((record) => ({ at: record.at, counts: one("Sent") })),
  tracked: (scope: Scope): Tally[] => scope.sent.filter(isTracked).map((record) => ({ at: record.at, counts: one("Tracked") })),
  bounces: (scope: Scope): Tally[] =>
    scope.bounces.filter(({ bounce }) => countedBounceTypes.has(bounce.Type)).map(({ bounce, at }) => ({ at, counts: one(bounce.Type) })),
  spam: (scope: Scope): Tally[] => scope.bounces.filter(({ bounce }) => isSpamComplaint(bounce)).map(({ at }) => ({ at, counts: one("SpamComplaint") })),
  opens: (scope: Scope): Tally[] => scope.opens.map(({ open, at }) => ({ at, counts: { Opens: 1, Unique: open.FirstOpen ? 1 : 0 } })),
  // Recorded real answers count a reader's platform and client once per message: on the first open.
  openPlatforms: (scope: Scope): Tally[] => firstOpens(scope).map(({ open, at }) => ({ at, counts: one(open.Platform) })),
  openClients: (scope: Scope): Tally[] =>
    firstOpens(scope).flatMap(({ open, at }) => (isKnownAgent(open.Client) ? [{ at, counts: one(open.Client.Family) }] : [])),
  clicks: (scope: Scope): Tally[] => scope.clicks.map(({ at, unique }) => ({ at, counts: { Clicks: 1, Unique: unique ? 1 : 0 } })),
  // Click breakdowns count each recipient's first click on a link, as the open breakdowns count
  // first opens.
  clickBrowsers: (scope: Scope): Tally[] =>
    uniqueClicks(scope).flatMap(({ click, at }) => (isKnownAgent(click.Client) ? [{ at, counts: one(click.Client.Family) }] : [])),
  // Clicks come from browsers, so the click answer knows desktop, mobile and unknown only.
  clickPlatforms: (scope: Scope): Tally[] =>
    uniqueClicks(scope).map(({ click, at }) => ({ at, counts: one(click.Platform === "Desktop" || click.Platform === "Mobile" ? click.Platform : "Unknown") })),
  clickLocations: (scope: Scope): Tally[] => uniqueClicks(scope).map(({ click, at }) => ({ at, counts: one(click.ClickLocation ?? "HTML") })),
};

function firstOpens(scope: Scope): Scope["opens"] {
  return scope.opens.filter(({ open }) => open.FirstOpen);
}

function uniqueClicks(scope: Scope): Scope["clicks"] {
  return scope.clicks.filter(({ unique }) => unique);
}

/** Links a message carried that Postmark would have rewritten for click tracking. */
function trackedLinks(record: OutboundRecord): number {
  const { TrackLinks, HtmlBody, TextBody } = record.details;
  const html = TrackLinks === "HtmlAndText" || TrackLinks === "HtmlOnly" ? (HtmlBody ?? "").match(/<a\s[^>]*href\s*=\s*["']?https?:/gi)?.length ?? 0 : 0;
  const text = TrackLinks === "HtmlAndText" || TrackLinks === "TextOnly" ? (TextBody ?? "").match(/https?:\/\/[^\s<>"]+/gi)?.length ?? 0 : 0;
  return html + text;
}

/** A percentage of the messages sent, to three decimals (0 when nothing was sent). */
function rate(part: number, sent: number): number {
  return sent === 0 ? 0 : Math.round((part / sent) * 100_000) / 1000;
}

function overview(scope: Scope): Schemas["StatsOverview"] {
  const sent = scope.sent.length;
  const bounced = scope.bounces.filter(({ bounce }) => !isSpamComplaint(bounce) && bounce.Type !== "SMTPApiError").length;
  const spam = scope.bounces.filter(({ bounce }) => isSpamComplaint(bounce)).length;
  const first = firstOpens(scope);
  return {
    Sent: sent,
    Bounced: bounced,
    SMTPApiErrors: scope.bounces.filter(({ bounce }) => bounce.Type === "SMTPApiError").length,
    BounceRate: rate(bounced, sent),
    SpamComplaints: spam,
    SpamComplaintsRate: rate(spam, sent),
    Opens: scope.opens.length,
    UniqueOpens: first.length,
    TotalClicks: scope.clicks.length,
    UniqueLinksClicked: uniqueClicks(scope).length,
    TotalTrackedLinksSent: scope.sent.reduce((sum, record) => sum + trackedLinks(record), 0),
    Tracked: scope.sent.filter(isTracked).length,
    WithLinkTracking: scope.sent.filter((record) => record.details.TrackLinks !== "None").length,
    WithOpenTracking: scope.sent.filter((record) => record.details.TrackOpens).length,
    WithClientRecorded: first.filter(({ open }) => isKnownAgent(open.Client)).length,
    WithPlatformRecorded: first.length,
    WithReadTimeRecorded: first.filter(({ open }) => open.ReadSeconds !== undefined).length,
  };
}

export const statsHandlers: Partial<Record<OperationId, Handler>> = {
  getOutboundOverview: (context) => ({ status: 200, body: overview(scopeOf(context)) }),
  getSentCounts: (context) => answer(countByDay(tallies.sent(scopeOf(context)))),
  getBounceCounts: (context) => answer(countByDay(tallies.bounces(scopeOf(context)))),
  getSpamComplaintCounts: (context) => answer(countByDay(tallies.spam(scopeOf(context)))),
  getTrackedEmailCounts: (context) => answer(countByDay(tallies.tracked(scopeOf(context)))),
  getOpenCounts: (context) => answer(countByDay(tallies.opens(scopeOf(context)))),
  getOpenPlatforms: (context) => answer(countByDay(tallies.openPlatforms(scopeOf(context)))),
  getOpenEmailClients: (context) => answer(countByDay(tallies.openClients(scopeOf(context)))),
  getClickCounts: (context) => answer(countByDay(tallies.clicks(scopeOf(context)))),
  getClickBrowserFamilies: (context) => answer(countByDay(tallies.clickBrowsers(scopeOf(context)))),
  getClickPlatforms: (context) => answer(countByDay(tallies.clickPlatforms(scopeOf(context)))),
  getClickLocations: (context) => answer(countByDay(tallies.clickLocations(scopeOf(context)))),
};
