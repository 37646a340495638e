// The messages the emulator benchmark stores: valid sends with a text body of a given size, each
// with its own subject, spread over `storedRecipients` recipients so that a recipient filter
// matches one message in that many.
import { message } from "./payloads.js";

export const storedRecipients = 100;

export const recipientOf = (index: number): string => `customer-${index % storedRecipients}@example.org`;

export function storedMessage(index: number, bodyBytes: number) {
  const { HtmlBody: _html, ...plain } = message;
  const text = `Order ${index} confirmed. `;
  return { ...plain, To: recipientOf(index), Subject: `${message.Subject} #${index}`, TextBody: text.padEnd(bodyBytes, "Thanks for your order. ").slice(0, bodyBytes) };
}
