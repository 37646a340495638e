// Creating servers and changing their settings, shared by the account's Servers API and the
// server token's own Server API. The front has already checked types, enums, the hook URL
// pattern and the spam threshold's range; here are the rules across records.
import { fail } from "../front/errors.js";
import { hashFor, newToken, type Bound, type Context } from "./context.js";
import { addServer, serverNameTaken, serverRenamed } from "./server-index.js";
import { newServerState, type ServerState, type State } from "./state.js";
import type { Schemas } from "./types.js";

export type Server = Schemas["Server"];
export type CreateServerRequest = Bound<Schemas["CreateServerRequest"]>;
export type EditServerRequest = Bound<Schemas["EditServerRequest"]>;

const hookFields = ["InboundHookUrl", "BounceHookUrl", "OpenHookUrl", "DeliveryHookUrl", "ClickHookUrl"] as const;

/** Creates a server with its first token, which works at once as a server token. */
export function createServer(context: Context, request: CreateServerRequest): ServerState {
  const { state } = context;
  const name = checkedName(state, request.Name, undefined);
  checkHooks(request);
  checkInboundDomain(state, request.InboundDomain, undefined);
  const id = context.nextId("server");
  const token = newToken(context);
  const created = newServerState({ id, name, token, createdAt: context.timestamp, inboundHash: hashFor(context) });
  const settings: Partial<Server> = { ...request, Name: name };
  if (request.Color) settings.Color = lowerColor(request.Color);
  Object.assign(created.server, settings);
  addServer(state, created, token);
  return created;
}

/** Applies an edit to a server: only the fields sent change. */
export function editServer(state: State, server: ServerState, request: EditServerRequest): Server {
  if (Object.keys(request).length === 0) fail(422, 609, "The request holds no server settings to change.");
  const changes: EditServerRequest = { ...request };
  if (request.Name !== undefined) changes.Name = checkedName(state, request.Name, server.server.ID);
  if (request.Color !== undefined) changes.Color = lowerColor(request.Color);
  checkHooks(request);
  checkInboundDomain(state, request.InboundDomain, server.server.ID);
  Object.assign(server.server, changes);
  serverRenamed(state, server);
  return server.server;
}

/** Postmark answers colours in lower case, whatever case they were sent in. */
function lowerColor(color: Server["Color"]): Server["Color"] {
  return color.toLowerCase() as Server["Color"];
}

/** A trimmed, non-empty name that no other server of the account uses (compared without case). */
function checkedName(state: State, wanted: string, ownId: number | undefined): string {
  const name = wanted.trim();
  if (name === "") fail(422, 608, "The server needs a name that is not blank.");
  const taken = serverNameTaken(state, name, ownId);
  if (taken) fail(422, 603, `A server named '${name}' already exists in this account.`);
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
function checkInboundDomain(state: State, domain: string | undefined, ownId: number | undefined): void {
  if (domain === undefined || domain.trim() === "") return;
  const wanted = domain.trim().toLowerCase();
  const owner = Object.values(state.servers).find((other) => other.server.ID !== ownId && (other.server.InboundDomain ?? "").toLowerCase() === wanted);
  if (owner) fail(422, 602, `The inbound domain '${domain}' is already used by another server.`);
}
