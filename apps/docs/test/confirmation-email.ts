// The samples of the mock API's confirmSenderSignature follow a confirmation email's link: this
// adds a sender signature on the mock and returns the MessageID of the email it sent.
let signatures = 0;

export async function freshConfirmationId(origin: string): Promise<string> {
  signatures += 1;
  const address = `docs-signature-${signatures}@example.com`;
  const created = await fetch(`${origin}/senders`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Postmark-Account-Token": "docs-account" },
    body: JSON.stringify({ FromEmail: address, Name: "Docs" }),
  });
  if (created.status !== 200) throw new Error(`creating a sender signature answered ${created.status}`);
  const listed = (await (await fetch(`${origin}/__mock/api/messages?recipient=${encodeURIComponent(address)}`)).json()) as { Messages: { MessageID: string }[] };
  const email = listed.Messages[0];
  if (!email) throw new Error(`no confirmation email was sent to ${address}`);
  return email.MessageID;
}
