// Creating servers and changing their settings, shared by the account's Servers API and the
// server token's own Server API. The front has already checked types, enums, the hook URL
// pattern and the spam threshold's range; here are the rules across records.
import type { Bound } from "../protocol/contract.js";
import { fail } from "../protocol/errors.js";
import { createServerRecord, serverNamed } from "./account.js";
import type { ServerRecord } from "./store/collections.js";
import type { Transaction } from "./store/store.js";
import type { Schemas } from "./types.js";
import type { Work } from "./work.js";

export type Server = Schemas["Server"];
export type CreateServerRequest = Bound<Schemas["CreateServerRequest"]>;
export type EditServerRequest = Bound<Schemas["EditServerRequest"]>;

const hookFields = ["InboundHookUrl", "BounceHookUrl", "OpenHookUrl", "DeliveryHookUrl", "ClickHookUrl"] as const;

/** Creates a server with its first token, which works at once as a server token. */
export async function createServer(work: Work, request: CreateServerRequest): Promise<ServerRecord> {
  const name = await checkedName(work.tx, request.Name, undefined);
  checkHooks(request);
  await checkInboundDomain(work.tx, request.InboundDomain, undefined);
  const id = await work.nextId("server");
  const settings: Partial<Server> = { ...request, Name: name };
  if (request.Color) settings.Color = lowerColor(request.Color);
  // A server token, in the UUID form Postmark uses.
  return createServerRecord(work, { id, name, token: work.uuid(), settings });
}

/** Applies an edit to a server: only the fields sent change. */
export async function editServer(tx: Transaction, record: ServerRecord, request: EditServerRequest | undefined): Promise<Server> {
  if (request === undefined || Object.keys(request).length === 0) fail(422, 609, "The request holds no server settings to change.");
  const changes: EditServerRequest = { ...request };
  if (request.Name !== undefined) changes.Name = await checkedName(tx, request.Name, record.server.ID);
  if (request.Color !== undefined) changes.Color = lowerColor(request.Color);
  checkHooks(request);
  await checkInboundDomain(tx, request.InboundDomain, record.server.ID);
  const server = { ...record.server, ...changes };
  await tx.servers.put({ ...record, server });
  return server;
}

/** Postmark answers colours in lower case, whatever case they were sent in. */
function lowerColor(color: Server["Color"]): Server["Color"] {
  return color.toLowerCase() as Server["Color"];
}

/** A trimmed, non-empty name that no other server of the account uses (compared without case). */
async function checkedName(tx: Transaction, wanted: string, ownId: number | undefined): Promise<string> {
  const name = wanted.trim();
  if (name === "") fail(422, 608, "The server needs a name that is not blank.");
  const other = await serverNamed(tx, name);
  if (other && other.server.ID !== ownId) fail(422, 603, `A server named '${name}' already exists in this account.`);
  return name;
}

/** Hook URLs must be absolute http(s) URLs with a host, or empty to remove the hook. */
function checkHooks(request: EditServerRequest): void {
  for (const field of hookFields) {
    const value = request[field];
    if (value === undefined || value === "") continue;
    if (!isUsableUrl(value)) fail(422, 606, `${field} is not a valid URL: it must be an absolute http or https address.`);
  }
}

export function isUsableUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * An inbound domain belongs to one server at most (602). Postmark also checks that its MX record
 * points at Postmark (610); the emulator makes no DNS lookups and accepts any domain.
 */
async function checkInboundDomain(tx: Transaction, domain: string | undefined, ownId: number | undefined): Promise<void> {
  if (domain === undefined || domain.trim() === "") return;
  const owners = await tx.servers.find({ where: { inboundDomain: domain.trim() } });
  if (owners.some((owner) => owner.server.ID !== ownId)) fail(422, 602, `The inbound domain '${domain}' is already used by another server.`);
}
