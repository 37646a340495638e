// Data removals: erasing what the account holds about one recipient address. Postmark turns this
// feature on by request (other accounts get ErrorCode 1302); a local Postmark has it on.
//
// Postmark queues the work, so a new request answers `Pending`. The local Postmark erases at once
// while answering, so every later status read answers `Done`. What goes, on every server: outbound
// messages with the address among their recipients, inbound messages from it, and its bounces,
// opens and clicks. Suppressions stay, so the address is still not mailed by mistake.
import { fail } from "../../protocol/errors.js";
import type { Handlers } from "../handler.js";
import { plainAddress } from "../hostnames.js";
import { keepNewest, retention } from "../retention.js";
import { deleteStoredMessage } from "../sent-messages.js";
import type { Transaction } from "../store/store.js";
import type { Schemas } from "../types.js";

export const dataRemovalHandlers = {
  requestDataRemoval: async (context) => {
    const request = context.body;
    for (const field of ["RequestedBy", "RequestedFor"] as const) {
      const value = (request[field] ?? "").trim();
      if (!plainAddress(value)) fail(422, 1300, `Invalid data removal request: ${field} '${value}' is not a valid email address.`);
    }
    const record: Schemas["DataRemovalStatus"] = { ID: await context.nextId("dataRemoval"), Status: "Done" };
    await eraseRecipient(context.tx, request.RequestedFor.trim());
    await context.tx.dataRemovals.put(record);
    await keepNewest(context.tx, "dataRemovals", {}, retention.dataRemovals);
    const body: Schemas["DataRemovalStatus"] = { ID: record.ID, Status: "Pending" };
    return { status: 200, body };
  },

  getDataRemovalStatus: async (context) => {
    const id = context.pathParams.id;
    const record = (await context.tx.dataRemovals.get(id)) ?? fail(422, 1301, `Invalid data removal ID: no data removal request of this account has the ID ${id}.`);
    const body: Schemas["DataRemovalStatus"] = { ID: record.ID, Status: record.Status };
    return { status: 200, body };
  },
} satisfies Partial<Handlers>;

/** Forgets everything the account's servers hold about `address`, except its suppressions. */
export async function eraseRecipient(tx: Transaction, address: string): Promise<void> {
  for (const record of await tx.outbound.find({ where: { recipient: address } })) await deleteStoredMessage(tx, record);
  await tx.inbound.deleteWhere({ where: { from: address } });
  await tx.bounces.deleteWhere({ where: { email: address } });
  await tx.opens.deleteWhere({ where: { recipient: address } });
  await tx.clicks.deleteWhere({ where: { recipient: address } });
}
