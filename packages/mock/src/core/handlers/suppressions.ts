// Suppressions: per stream, the addresses Postmark will not send to. Listed with filters, added by
// hand (ManualSuppression, origin Customer) and removed, except those caused by spam complaints.
import type { HandlerContext, Handlers } from "../handler.js";
import { isEmailAddress } from "../address-rules.js";
import type { Transaction } from "../store/store.js";
import { requireStream, streamServer } from "../streams.js";
import { findSuppression, suppress, suppressionsOf, unsuppress } from "../suppression-list.js";
import { filterBound } from "../time.js";
import type { Schemas } from "../types.js";

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function invalidAddress(email: string): string {
  return `'${email}' is not a valid email address.`;
}

/** The call's server and the stream the path names. */
async function pathStream(context: HandlerContext<"listSuppressions" | "createSuppressions" | "deleteSuppressions">): Promise<{ serverId: number; streamId: string }> {
  const serverId = await streamServer(context);
  return { serverId, streamId: (await requireStream(context.tx, serverId, context.pathParams.streamId)).ID };
}

export const suppressionsHandlers = {
  listSuppressions: async (context) => {
    const { query } = context;
    const { serverId, streamId } = await pathStream(context);
    const where = {
      ...(query.SuppressionReason === undefined ? {} : { reason: query.SuppressionReason }),
      ...(query.Origin === undefined ? {} : { origin: query.Origin }),
      ...(query.EmailAddress === undefined ? {} : { email: query.EmailAddress.trim() }),
    };
    const matches = await suppressionsOf(context.tx, serverId, streamId, { where, at: { from: filterBound(query.fromdate, "from"), to: filterBound(query.todate, "to") } });
    const body: Schemas["SuppressionList"] = { Suppressions: matches };
    return { status: 200, body };
  },

  createSuppressions: async (context) => {
    const { serverId, streamId } = await pathStream(context);
    const results: Schemas["SuppressionCreateResult"][] = [];
    for (const { EmailAddress } of context.body.Suppressions) {
      if (!isEmailAddress(EmailAddress.trim())) {
        results.push({ EmailAddress, Status: "Failed", Message: invalidAddress(EmailAddress) });
        continue;
      }
      await suppress(context.tx, serverId, streamId, EmailAddress, "ManualSuppression", "Customer", context.now);
      results.push({ EmailAddress, Status: "Suppressed", Message: null });
    }
    const body: Schemas["CreateSuppressionsResponse"] = { Suppressions: results };
    return { status: 200, body };
  },

  /**
   * Removes suppressions. Spam complaints stay (Postmark keeps them to protect the sender's
   * reputation). Lifting a hard-bounce suppression also reactivates the address's bounces on that
   * stream, as reactivating the bounce would. An address that was not suppressed is answered as
   * deleted: afterwards it is not suppressed, which is what was asked.
   */
  deleteSuppressions: async (context) => {
    const { serverId, streamId } = await pathStream(context);
    const results: Schemas["SuppressionDeleteResult"][] = [];
    for (const { EmailAddress } of context.body.Suppressions) {
      if (!isEmailAddress(EmailAddress.trim())) {
        results.push({ EmailAddress, Status: "Failed", Message: invalidAddress(EmailAddress) });
        continue;
      }
      const existing = await findSuppression(context.tx, serverId, streamId, EmailAddress);
      if (existing?.SuppressionReason === "SpamComplaint") {
        results.push({ EmailAddress, Status: "Failed", Message: `'${EmailAddress}' was suppressed after a spam complaint; such suppressions cannot be deleted.` });
        continue;
      }
      await unsuppress(context.tx, serverId, streamId, EmailAddress);
      if (existing?.SuppressionReason === "HardBounce") await reactivateBounces(context.tx, serverId, streamId, EmailAddress);
      results.push({ EmailAddress, Status: "Deleted", Message: null });
    }
    const body: Schemas["DeleteSuppressionsResponse"] = { Suppressions: results };
    return { status: 200, body };
  },
} satisfies Partial<Handlers>;

async function reactivateBounces(tx: Transaction, serverId: number, streamId: string, email: string): Promise<void> {
  for (const record of await tx.bounces.find({ scope: serverId, where: { email, stream: streamId, inactive: true } })) {
    if (sameAddress(record.bounce.Email, email)) await tx.bounces.put({ ...record, bounce: { ...record.bounce, Inactive: false, CanActivate: false } });
  }
}
