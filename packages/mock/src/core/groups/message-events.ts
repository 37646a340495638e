// Message events: searches over the opens and clicks recorded for the server's sent messages,
// newest first, by recipient, tag, the reader's software and device, and where they were.
import type { Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { page, sameText } from "../paging.js";
import type { OperationId, Schemas } from "../types.js";

type TrackingEvent = Schemas["OpenEvent"] | Schemas["ClickEvent"];

interface EventQuery {
  count?: number;
  offset?: number;
  recipient?: string;
  tag?: string;
  client_name?: string;
  client_company?: string;
  client_family?: string;
  os_name?: string;
  os_family?: string;
  os_company?: string;
  platform?: string;
  country?: string;
  region?: string;
  city?: string;
  messagestream?: string;
}

/** Each search filter and the part of an event it compares, without regard to case. */
const filters: { [Name in keyof EventQuery]?: (event: TrackingEvent) => string | null | undefined } = {
  recipient: (event) => event.Recipient,
  tag: (event) => event.Tag,
  client_name: (event) => event.Client.Name,
  client_company: (event) => event.Client.Company,
  client_family: (event) => event.Client.Family,
  os_name: (event) => event.OS.Name,
  os_family: (event) => event.OS.Family,
  os_company: (event) => event.OS.Company,
  platform: (event) => event.Platform,
  country: (event) => event.Geo.Country,
  region: (event) => event.Geo.Region,
  city: (event) => event.Geo.City,
};

/** The searches cover the default transactional stream unless another is named. */
const defaultStream = "outbound";

function matches(event: TrackingEvent, query: EventQuery): boolean {
  if (!sameText(event.MessageStream ?? defaultStream, query.messagestream ?? defaultStream)) return false;
  for (const [name, read] of Object.entries(filters) as [keyof EventQuery, (event: TrackingEvent) => string | null | undefined][]) {
    const wanted = query[name];
    if (wanted !== undefined && !sameText(read(event), String(wanted))) return false;
  }
  return true;
}

function newestFirst<T extends TrackingEvent>(events: readonly T[]): T[] {
  return events
    .map((event, index) => ({ event, index, at: Date.parse(event.ReceivedAt) }))
    .sort((a, b) => b.at - a.at || b.index - a.index)
    .map(({ event }) => event);
}

function search<T extends TrackingEvent>(context: Context, events: readonly T[]): { TotalCount: number; items: T[] } {
  const query = context.query<EventQuery>();
  const { total, items } = page(newestFirst(events.filter((event) => matches(event, query))), query);
  return { TotalCount: total, items };
}

/**
 * The events of one message, newest first. Postmark answers 701 for an ID it has no events for: a
 * recorded real answer shows it for a sent, tracked message that had not been opened.
 */
function forMessage<T extends TrackingEvent>(context: Context, events: readonly T[]): { TotalCount: number; items: T[] } {
  const id = context.param("messageid");
  const own = events.filter((event) => event.MessageID.toLowerCase() === id.toLowerCase());
  if (own.length === 0) fail(422, 701, "This message was not found.");
  const { total, items } = page(newestFirst(own), context.query());
  return { TotalCount: total, items };
}

export const messageEventHandlers: Partial<Record<OperationId, Handler>> = {
  listOpens: (context) => {
    const { TotalCount, items } = search(context, context.server().opens);
    return { status: 200, body: { TotalCount, Opens: items } };
  },
  listOpensForMessage: (context) => {
    const { TotalCount, items } = forMessage(context, context.server().opens);
    return { status: 200, body: { TotalCount, Opens: items } };
  },
  listClicks: (context) => {
    const { TotalCount, items } = search(context, context.server().clicks);
    return { status: 200, body: { TotalCount, Clicks: items } };
  },
  listClicksForMessage: (context) => {
    const { TotalCount, items } = forMessage(context, context.server().clicks);
    return { status: 200, body: { TotalCount, Clicks: items } };
  },
};
