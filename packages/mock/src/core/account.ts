// The account's servers: found by ID or token, created (with their default streams) on a token's
// first use or through the Servers API, renamed without clashes, and deleted with everything they
// hold. Names compare without regard to case, as Postmark compares them.
import { fail } from "../protocol/errors.js";
import { collectionNames, collections, type ServerRecord } from "./store/collections.js";
import type { Transaction } from "./store/store.js";
import { retention, usedAtResolutionMs } from "./retention.js";
import type { Schemas } from "./types.js";
import type { Work } from "./work.js";

/** The server token Postmark reserves for trying the API: requests are checked, nothing is kept. */
export const testToken = "POSTMARK_API_TEST";

/** The streams every server is created with; they cannot be archived. */
export const defaultStreams: readonly { ID: string; Name: string; Type: Schemas["MessageStream"]["MessageStreamType"]; Description: string }[] = [
  { ID: "outbound", Name: "Default Transactional Stream", Type: "Transactional", Description: "Default transactional stream" },
  { ID: "inbound", Name: "Default Inbound Stream", Type: "Inbound", Description: "Default inbound stream" },
  { ID: "broadcast", Name: "Default Broadcast Stream", Type: "Broadcasts", Description: "Default broadcast stream" },
];

export async function serverById(tx: Transaction, id: number): Promise<ServerRecord | undefined> {
  return tx.servers.get(id);
}

export async function serverByToken(tx: Transaction, token: string): Promise<ServerRecord | undefined> {
  // Tokens are matched exactly: the index ignores case, a token does not.
  return (await tx.servers.find({ where: { token } })).find((record) => record.server.ApiTokens.includes(token));
}

/**
 * The server a token belongs to; an unknown token gets a fresh server of its own. The test token's
 * server is made the same way: its whole unit of work is undone afterwards, so nothing stays.
 */
export async function serverForToken(work: Work, token: string): Promise<ServerRecord> {
  const known = await serverByToken(work.tx, token);
  if (known) {
    // Kept to the hour at most, so that reads write only now and then.
    if (work.settings.maxAgeMs !== undefined && work.now.getTime() - (known.usedAt ?? known.createdAt) >= usedAtResolutionMs(work.settings.maxAgeMs)) {
      const used = { ...known, usedAt: work.now.getTime() };
      await work.tx.servers.put(used);
      return used;
    }
    return known;
  }
  const id = await work.nextId("server");
  const name = token === testToken ? "Test server" : await uniqueServerName(work.tx, `Server ${id}`);
  return createServerRecord(work, { id, name, token });
}

/** Creates a server with one token and Postmark's default settings and streams. */
export async function createServerRecord(work: Work, init: { id: number; name: string; token: string; settings?: Partial<Schemas["Server"]> }): Promise<ServerRecord> {
  const { id, name, token } = init;
  const inboundHash = work.uuid().replace(/-/g, "");
  const record: ServerRecord = {
    server: {
      ID: id,
      Name: name,
      ApiTokens: [token],
      Color: "blue",
      SmtpApiActivated: true,
      RawEmailEnabled: false,
      DeliveryType: "Live",
      ServerLink: `https://account.postmarkapp.com/servers/${id}/streams`,
      InboundAddress: `${inboundHash}@inbound.postmarkapp.com`,
      InboundHookUrl: "",
      BounceHookUrl: "",
      OpenHookUrl: "",
      DeliveryHookUrl: "",
      PostFirstOpenOnly: false,
      InboundDomain: "",
      InboundHash: inboundHash,
      InboundSpamThreshold: 0,
      TrackOpens: false,
      TrackLinks: "None",
      IncludeBounceContentInHook: false,
      ClickHookUrl: "",
      EnableSmtpApiErrorHooks: false,
      ...init.settings,
    },
    createdAt: work.now.getTime(),
  };
  await work.tx.servers.put(record);
  // Past the cap, the oldest server goes with everything it holds (and its tokens).
  const excess = (await work.tx.servers.count()) - retention.servers;
  if (excess > 0) for (const oldest of await work.tx.servers.find({ order: "oldest", limit: excess })) await deleteServerRecord(work.tx, oldest.server.ID);
  for (const stream of defaultStreams) {
    await work.tx.streams.put({
      stream: {
        ID: stream.ID,
        ServerID: id,
        Name: stream.Name,
        Description: stream.Description,
        MessageStreamType: stream.Type,
        CreatedAt: work.timestamp,
        UpdatedAt: null,
        ArchivedAt: null,
        ExpectedPurgeDate: null,
        SubscriptionManagementConfiguration: { UnsubscribeHandlingType: stream.Type === "Broadcasts" ? "Postmark" : "None" },
      },
      at: work.now.getTime(),
    });
  }
  return record;
}

/** The server of that name (without regard to case), if any. */
export async function serverNamed(tx: Transaction, name: string): Promise<ServerRecord | undefined> {
  const [found] = await tx.servers.find({ where: { name }, limit: 1 });
  return found;
}

/** `wanted`, or `wanted (2)`, `(3)`, … : the first name no server uses. */
export async function uniqueServerName(tx: Transaction, wanted: string): Promise<string> {
  if (!(await serverNamed(tx, wanted))) return wanted;
  for (let n = 2; ; n++) if (!(await serverNamed(tx, `${wanted} (${n})`))) return `${wanted} (${n})`;
}

/** Forgets a server and everything it holds. */
export async function deleteServerRecord(tx: Transaction, id: number): Promise<void> {
  for (const name of collectionNames) if (collections[name].holds !== "account") await tx[name].deleteWhere({ scope: id });
  await tx.servers.delete(id);
}

/** Forgets what a server sent and received and what happened to it (a reset); its setup stays. */
export async function clearServerMail(tx: Transaction, id: number): Promise<void> {
  for (const name of collectionNames) if (collections[name].holds === "mail") await tx[name].deleteWhere({ scope: id });
}

/** The server with the ID, or ErrorCode 601 in Postmark's words for the operation at hand. */
export async function requireServer(tx: Transaction, id: number, message = `No server with ID ${id} exists in this account.`): Promise<ServerRecord> {
  return (await tx.servers.get(id)) ?? fail(422, 601, message);
}
