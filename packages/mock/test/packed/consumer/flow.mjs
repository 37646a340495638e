// Run in the consumer project against a started `postmark-mock`: our client and the official
// `postmark` client each do what an app does. Prints what the test checks, as JSON.
import { createPostmarkClient } from "@postmark-openapi/client";
import postmark from "postmark";

const url = process.env.MOCK_URL;
if (!url) throw new Error("MOCK_URL is not set");

const ours = createPostmarkClient({ serverToken: "packed-ours", baseUrl: url });
const sent = await ours.sendEmail({ body: { From: "app@example.com", To: "jane@example.org", Subject: "Your receipt", TextBody: "Thanks!", Tag: "receipt" } });
const details = await ours.getOutboundMessageDetails({ params: { path: { messageid: sent.MessageID } } });

const official = new postmark.ServerClient("packed-official", { useHttps: false, requestHost: new URL(url).host, timeout: 10 });
await official.createTemplate({ Name: "Welcome", Alias: "welcome", Subject: "Welcome, {{name}}", TextBody: "Hi {{name}}" });
const templated = await official.sendEmailWithTemplate({ From: "app@example.com", To: "bob@example.org", TemplateAlias: "welcome", TemplateModel: { name: "Bob" } });
const found = await official.getOutboundMessages({ count: 10, offset: 0 });
const refusal = await official.sendEmail({ From: "app@example.com", To: "bob@example.org", Subject: "No body" }).catch((error) => error);

console.log(
  JSON.stringify({
    ours: { errorCode: sent.ErrorCode, events: details.MessageEvents.map((event) => event.Type), tag: details.Tag },
    official: { errorCode: templated.ErrorCode, subjects: found.Messages.map((message) => message.Subject), refusal: refusal?.constructor?.name, refusalCode: refusal?.code },
  }),
);
