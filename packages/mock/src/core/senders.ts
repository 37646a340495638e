// Which `From` addresses the account may send from. Postmark allows an address when a confirmed
// sender signature has exactly that address, or when the account holds a verified domain for it.
// The sending group asks only when the emulator runs with strict senders; by default a local
// Postmark accepts every `From`, as if its signature were confirmed.
import { domainOfAddress } from "./hostnames.js";
import type { Transaction } from "./store/store.js";

export type SenderCheck = { ok: true } | { ok: false; errorCode: 400 | 401; message: string };

/**
 * Checks `fromEmail` (the bare address) against the account. `supplied` is the `From` as the
 * request wrote it, with its display name: Postmark quotes it that way in the 400 message.
 */
export async function senderAllowed(tx: Transaction, fromEmail: string, supplied: string = fromEmail): Promise<SenderCheck> {
  const address = fromEmail.trim().toLowerCase();
  const domain = domainOfAddress(address);
  // A domain counts once any check the emulator models has passed: DKIM or the Return-Path.
  const domains = await tx.domains.find({ where: { name: domain } });
  if (domains.some((record) => record.DKIMVerified || record.ReturnPathDomainVerified)) return { ok: true };
  const [signature] = await tx.senders.find({ where: { email: address }, limit: 1 });
  if (signature?.Confirmed) return { ok: true };
  if (signature) {
    return {
      ok: false,
      errorCode: 401,
      message: `The 'From' address you supplied (${supplied}) has a Sender Signature on your account that is not confirmed yet. Follow the link in its confirmation email before sending from it.`,
    };
  }
  return {
    ok: false,
    errorCode: 400,
    message: `The 'From' address you supplied (${supplied}) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.`,
  };
}
