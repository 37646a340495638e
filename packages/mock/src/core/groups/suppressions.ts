// Suppressions: per stream, the addresses Postmark will not send to. Listed with filters, added by
// hand (ManualSuppression, origin Customer) and removed, except those caused by spam complaints.
import type { Context, Handler } from "../context.js";
import { isEmailAddress } from "../address-rules.js";
import { requireStream, streamServer } from "../streams.js";
import { findSuppression, suppress, suppressionsOf, unsuppress, type SuppressionOrigin, type SuppressionReason } from "../suppressions.js";
import { filterBound } from "../time.js";
import type { OperationId, Schemas } from "../types.js";

interface ListQuery {
  SuppressionReason?: SuppressionReason;
  Origin?: SuppressionOrigin;
  fromdate?: string;
  todate?: string;
  EmailAddress?: string;
}

type ChangeRequest = Schemas["SuppressionChangeRequest"];

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function invalidAddress(email: string): string {
  return `'${email}' is not a valid email address.`;
}

function listSuppressions(context: Context) {
  const query = context.query<ListQuery>();
  const server = streamServer(context);
  const stream = requireStream(server, context.param("streamId"));
  const from = filterBound(query.fromdate, "from");
  const to = filterBound(query.todate, "to");
  const matches = suppressionsOf(server, stream.ID).filter((entry) => {
    const at = Date.parse(entry.CreatedAt);
    return (
      (query.SuppressionReason === undefined || entry.SuppressionReason === query.SuppressionReason) &&
      (query.Origin === undefined || entry.Origin === query.Origin) &&
      (query.EmailAddress === undefined || sameAddress(entry.EmailAddress, query.EmailAddress)) &&
      (from === undefined || at >= from) &&
      (to === undefined || at <= to)
    );
  });
  const body: Schemas["SuppressionList"] = { Suppressions: matches };
  return { status: 200, body };
}

function createSuppressions(context: Context) {
  const server = streamServer(context);
  const stream = requireStream(server, context.param("streamId"));
  const results = context.body<ChangeRequest>().Suppressions.map(({ EmailAddress }): Schemas["SuppressionCreateResult"] => {
    if (!isEmailAddress(EmailAddress.trim())) return { EmailAddress, Status: "Failed", Message: invalidAddress(EmailAddress) };
    suppress(server, stream.ID, EmailAddress, "ManualSuppression", "Customer", context.now);
    return { EmailAddress, Status: "Suppressed", Message: null };
  });
  const body: Schemas["CreateSuppressionsResponse"] = { Suppressions: results };
  return { status: 200, body };
}

/**
 * Removes suppressions. Spam complaints stay (Postmark keeps them to protect the sender's
 * reputation). Lifting a hard-bounce suppression also reactivates the address's bounces on that
 * stream, as reactivating the bounce would. An address that was not suppressed is answered as
 * deleted: afterwards it is not suppressed, which is what was asked.
 */
function deleteSuppressions(context: Context) {
  const server = streamServer(context);
  const stream = requireStream(server, context.param("streamId"));
  const results = context.body<ChangeRequest>().Suppressions.map(({ EmailAddress }): Schemas["SuppressionDeleteResult"] => {
    if (!isEmailAddress(EmailAddress.trim())) return { EmailAddress, Status: "Failed", Message: invalidAddress(EmailAddress) };
    const existing = findSuppression(server, stream.ID, EmailAddress);
    if (existing?.SuppressionReason === "SpamComplaint") {
      return { EmailAddress, Status: "Failed", Message: `'${EmailAddress}' was suppressed after a spam complaint; such suppressions cannot be deleted.` };
    }
    unsuppress(server, stream.ID, EmailAddress);
    if (existing?.SuppressionReason === "HardBounce") reactivateBounces(server.bounces, stream.ID, EmailAddress);
    return { EmailAddress, Status: "Deleted", Message: null };
  });
  const body: Schemas["DeleteSuppressionsResponse"] = { Suppressions: results };
  return { status: 200, body };
}

function reactivateBounces(bounces: Schemas["Bounce"][], streamId: string, email: string): void {
  for (const bounce of bounces) {
    if (bounce.Inactive && bounce.MessageStream === streamId && sameAddress(bounce.Email, email)) {
      bounce.Inactive = false;
      bounce.CanActivate = false;
    }
  }
}

export const suppressionsHandlers: Partial<Record<OperationId, Handler>> = {
  listSuppressions,
  createSuppressions,
  deleteSuppressions,
};
