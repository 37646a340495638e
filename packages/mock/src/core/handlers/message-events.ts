// Message events: searches over the opens and clicks recorded for the server's sent messages,
// newest first, by recipient, tag, the reader's software and device, and where they were.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers } from "../handler.js";
import type { Collection, Condition, Page } from "../store/store.js";

type SearchQuery = HandlerContext<"listOpens" | "listClicks">["query"];

/** Each search filter and the index of an open or click it compares with, without regard to case. */
const filters = {
  recipient: "recipient",
  tag: "tag",
  client_name: "clientName",
  client_company: "clientCompany",
  client_family: "clientFamily",
  os_name: "osName",
  os_family: "osFamily",
  os_company: "osCompany",
  platform: "platform",
  country: "country",
  region: "region",
  city: "city",
} as const satisfies Partial<Record<keyof SearchQuery, string>>;

type ReaderIndex = (typeof filters)[keyof typeof filters] | "stream" | "messageId";

/** The searches cover the default transactional stream unless another is named. */
const defaultStream = "outbound";

function conditions(query: SearchQuery): { [Index in ReaderIndex]?: Condition } {
  const where: { [Index in ReaderIndex]?: Condition } = { stream: query.messagestream ?? defaultStream };
  for (const [name, index] of Object.entries(filters) as [keyof typeof filters, ReaderIndex][]) {
    const wanted = query[name];
    if (wanted !== undefined) where[index] = String(wanted);
  }
  return where;
}

type ReaderCollection<T> = Collection<T, ReaderIndex>;

async function search<T>(context: HandlerContext<"listOpens" | "listClicks">, events: ReaderCollection<T>): Promise<Page<T>> {
  const { query } = context;
  return events.page({ scope: (await context.server()).server.ID, where: conditions(query), offset: query.offset ?? 0, limit: query.count ?? 500 });
}

/**
 * The events of one message, newest first. Postmark answers 701 for an ID it has no events for: a
 * recorded real answer shows it for a sent, tracked message that had not been opened.
 */
async function forMessage<T>(context: HandlerContext<"listOpensForMessage" | "listClicksForMessage">, events: ReaderCollection<T>): Promise<Page<T>> {
  const found = await events.page({
    scope: (await context.server()).server.ID,
    where: { messageId: context.pathParams.messageid },
    offset: context.query.offset ?? 0,
    limit: context.query.count ?? 500,
  });
  if (found.total === 0) fail(422, 701, "This message was not found.");
  return found;
}

export const messageEventHandlers = {
  listOpens: async (context) => {
    const { total, items } = await search(context, context.tx.opens);
    return { status: 200, body: { TotalCount: total, Opens: items.map((record) => record.open) } };
  },
  listOpensForMessage: async (context) => {
    const { total, items } = await forMessage(context, context.tx.opens);
    return { status: 200, body: { TotalCount: total, Opens: items.map((record) => record.open) } };
  },
  listClicks: async (context) => {
    const { total, items } = await search(context, context.tx.clicks);
    return { status: 200, body: { TotalCount: total, Clicks: items.map((record) => record.click) } };
  },
  listClicksForMessage: async (context) => {
    const { total, items } = await forMessage(context, context.tx.clicks);
    return { status: 200, body: { TotalCount: total, Clicks: items.map((record) => record.click) } };
  },
} satisfies Partial<Handlers>;
