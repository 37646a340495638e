// The official `postmark` client drives a whole flow against the emulator, as an app would:
// a template, a templated send, a search, details and dump, a bounce, reactivation, a stream,
// a suppression and the account's servers.
import postmark from "postmark";
import { describe, expect, it } from "vitest";
import { useMock } from "../support.js";

const mock = useMock({ quiet: true });
const options = () => ({ useHttps: false, requestHost: new URL(mock.url).host, timeout: 10 });

describe("the official client against the emulator", () => {
  it("runs a whole flow", async () => {
    const client = new postmark.ServerClient("official-flow", options());

    const layout = await client.createTemplate({ Name: "Frame", Alias: "frame", TemplateType: postmark.Models.TemplateTypes.Layout, HtmlBody: "<main>{{{@content}}}</main>", TextBody: "{{{@content}}}" });
    expect(layout.TemplateId).toBeGreaterThan(0);
    await client.createTemplate({ Name: "Welcome", Alias: "welcome", Subject: "Welcome, {{name}}", HtmlBody: "<p>Hi {{name}}</p>", TextBody: "Hi {{name}}", LayoutTemplate: "frame" });
    const sent = await client.sendEmailWithTemplate({ From: "app@example.com", To: "jane@example.org", TemplateAlias: "welcome", TemplateModel: { name: "Jane <3" }, Tag: "onboarding" });
    expect(sent.ErrorCode).toBe(0);

    const found = await client.getOutboundMessages({ count: 10, offset: 0, tag: "onboarding" });
    expect(found.TotalCount).toBe(1);
    const details = await client.getOutboundMessageDetails(sent.MessageID);
    expect(details.Subject).toBe("Welcome, Jane <3");
    expect(details.HtmlBody).toContain("<main><p>Hi Jane &lt;3</p></main>");
    const dump = await client.getOutboundMessageDump(sent.MessageID);
    expect(dump.Body).toContain("Subject: Welcome, Jane <3");

    const bouncing = "HardBounce@bounce-testing.postmarkapp.com";
    await client.sendEmail({ From: "app@example.com", To: bouncing, Subject: "Hello", TextBody: "Hi" });
    const bounces = await client.getBounces({ count: 10, offset: 0 });
    expect(bounces.Bounces[0]?.Email).toBe(bouncing);
    const refused = await client.sendEmail({ From: "app@example.com", To: bouncing, Subject: "Again", TextBody: "Hi" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(postmark.Errors.InactiveRecipientsError);
    await client.activateBounce(bounces.Bounces[0]!.ID);
    expect((await client.getDeliveryStatistics()).InactiveMails).toBe(0);

    await client.createMessageStream({ ID: "news", Name: "News", MessageStreamType: "Broadcasts" });
    await client.createSuppressions("news", { Suppressions: [{ EmailAddress: "gone@example.org" }] });
    const suppressions = await client.getSuppressions("news");
    expect(suppressions.Suppressions.map((entry) => entry.EmailAddress)).toEqual(["gone@example.org"]);

    const account = new postmark.AccountClient("official-account", options());
    const servers = await account.getServers({ count: 10, offset: 0 });
    expect(servers.Servers.map((server) => server.ID)).toContain((await client.getServer()).ID);
  });
});
