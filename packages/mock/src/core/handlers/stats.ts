// Stats: outbound statistics computed from what the server holds — its sent messages, bounces,
// opens and clicks — over a period of US Eastern days, optionally for one tag and one stream.
import { countByDay, one, type DayCounts, type Tally } from "../day-counts.js";
import type { HandlerContext, Handlers, OperationsTagged } from "../handler.js";
import { isKnownAgent } from "../outcomes.js";
import type { OutboundRecord } from "../store/collections.js";
import type { Query } from "../store/store.js";
import { filterBound } from "../time.js";
import type { Schemas } from "../types.js";

type StatsContext = HandlerContext<OperationsTagged<"Stats">>;

/** The bounce kinds the bounce stats count; other bounce types are not part of that answer. */
const countedBounceTypes = new Set<string>(["HardBounce", "SoftBounce", "Transient", "SMTPApiError"]);

/** What the stats of one call look at: the server's records within the call's filters. */
interface Scope {
  sent: OutboundRecord[];
  bounces: { bounce: Schemas["Bounce"]; at: number }[];
  opens: { open: Schemas["OpenEvent"]; at: number }[];
  clicks: { click: Schemas["ClickEvent"]; at: number; unique: boolean }[];
}

async function scopeOf(context: StatsContext): Promise<Scope> {
  const { query, tx } = context;
  const serverId = (await context.server()).server.ID;
  // Without `messagestream` the figures cover the default transactional stream, as the spec says.
  const filter: Query<"tag" | "stream"> = {
    scope: serverId,
    where: { stream: query.messagestream ?? "outbound", ...(query.tag === undefined ? {} : { tag: query.tag }) },
    at: { from: filterBound(query.fromdate, "from"), to: filterBound(query.todate, "to") },
    order: "oldest",
  };
  const uniqueClicks = await firstClicks(context, serverId);
  return {
    sent: await tx.outbound.find(filter),
    bounces: (await tx.bounces.find(filter)).map(({ bounce, at }) => ({ bounce, at })),
    opens: (await tx.opens.find(filter)).map(({ open, at }) => ({ open, at })),
    clicks: (await tx.clicks.find(filter)).map(({ id, click, at }) => ({ click, at, unique: uniqueClicks.has(id) })),
  };
}

/** Each recipient's first click on each link of each message, over the server's whole history: their IDs. */
async function firstClicks(context: StatsContext, serverId: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const first = new Set<string>();
  for (const { id, click } of await context.tx.clicks.find({ scope: serverId, order: "oldest" })) {
    const key = `${click.MessageID}\n${click.Recipient.toLowerCase()}\n${click.OriginalLink}`;
    if (seen.has(key)) continue;
    seen.add(key);
    first.add(id);
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
function answer(counts: DayCounts) {
  return { status: 200 as const, body: { Days: counts.Days, ...counts.totals } as never };
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

export const statsHandlers = {
  getOutboundOverview: async (context) => ({ status: 200, body: overview(await scopeOf(context)) }),
  getSentCounts: async (context) => answer(countByDay(tallies.sent(await scopeOf(context)))),
  getBounceCounts: async (context) => answer(countByDay(tallies.bounces(await scopeOf(context)))),
  getSpamComplaintCounts: async (context) => answer(countByDay(tallies.spam(await scopeOf(context)))),
  getTrackedEmailCounts: async (context) => answer(countByDay(tallies.tracked(await scopeOf(context)))),
  getOpenCounts: async (context) => answer(countByDay(tallies.opens(await scopeOf(context)))),
  getOpenPlatforms: async (context) => answer(countByDay(tallies.openPlatforms(await scopeOf(context)))),
  getOpenEmailClients: async (context) => answer(countByDay(tallies.openClients(await scopeOf(context)))),
  getClickCounts: async (context) => answer(countByDay(tallies.clicks(await scopeOf(context)))),
  getClickBrowserFamilies: async (context) => answer(countByDay(tallies.clickBrowsers(await scopeOf(context)))),
  getClickPlatforms: async (context) => answer(countByDay(tallies.clickPlatforms(await scopeOf(context)))),
  getClickLocations: async (context) => answer(countByDay(tallies.clickLocations(await scopeOf(context)))),
} satisfies Partial<Handlers>;
