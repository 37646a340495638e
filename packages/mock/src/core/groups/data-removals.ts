// Data removals: erasing what the account holds about one recipient address. Postmark turns this
// feature on by request (other accounts get ErrorCode 1302); a local Postmark has it on.
//
// Postmark queues the work, so a new request answers `Pending`. The local Postmark erases at once
// while answering, so every later status read answers `Done`. What goes, on every server: outbound
// messages with the address among their recipients, inbound messages from it, and its bounces,
// opens and clicks. Suppressions stay, so the address is still not mailed by mistake.
import type { Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { plainAddress } from "../hostnames.js";
import { sameText } from "../paging.js";
import type { ServerState, State } from "../state.js";
import type { OperationId, Schemas } from "../types.js";
import { keepNewest, retention } from "../retention.js";

export const dataRemovalHandlers: Partial<Record<OperationId, Handler>> = {
  requestDataRemoval: (context) => {
    const request = context.body<Schemas["DataRemovalRequest"]>();
    for (const field of ["RequestedBy", "RequestedFor"] as const) {
      const value = (request[field] ?? "").trim();
      if (!plainAddress(value)) fail(422, 1300, `Invalid data removal request: ${field} '${value}' is not a valid email address.`);
    }
    const record: Schemas["DataRemovalStatus"] = { ID: context.nextId("dataRemoval"), Status: "Done" };
    eraseRecipient(context.state, request.RequestedFor.trim());
    context.state.dataRemovals.push(record);
    keepNewest(context.state.dataRemovals, retention.dataRemovals);
    const body: Schemas["DataRemovalStatus"] = { ID: record.ID, Status: "Pending" };
    return { status: 200, body };
  },

  getDataRemovalStatus: (context) => {
    const id = Number(context.param("id"));
    const record = context.state.dataRemovals.find((removal) => removal.ID === id) ?? fail(422, 1301, `Invalid data removal ID: no data removal request of this account has the ID ${id}.`);
    const body: Schemas["DataRemovalStatus"] = { ID: record.ID, Status: record.Status };
    return { status: 200, body };
  },
};

/** Forgets everything the account's servers hold about `address`, except its suppressions. */
export function eraseRecipient(state: State, address: string): void {
  for (const server of Object.values(state.servers)) eraseFromServer(server, address);
}

function eraseFromServer(server: ServerState, address: string): void {
  const erasedMessages = new Set<string>();
  server.outbound = server.outbound.filter((record) => {
    const mentions = record.details.Recipients.some((recipient) => sameText(recipient, address));
    if (mentions) erasedMessages.add(record.details.MessageID);
    return !mentions;
  });
  server.inbound = server.inbound.filter((record) => !sameText(record.details.From, address));
  server.bounces = server.bounces.filter((bounce) => !sameText(bounce.Email, address) && !erasedMessages.has(bounce.MessageID));
  server.opens = server.opens.filter((open) => !sameText(open.Recipient, address) && !erasedMessages.has(open.MessageID));
  server.clicks = server.clicks.filter((click) => !sameText(click.Recipient, address) && !erasedMessages.has(click.MessageID));
}
