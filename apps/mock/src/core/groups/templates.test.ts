import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { renderTemplatedMessage } from "../render-templated.js";

const layoutBody = {
  Name: "Basic layout",
  Alias: "basic-layout",
  HtmlBody: "<html><head><style>p { color: #333; }</style></head><body>{{{@content}}}<p>{{company}}</p></body></html>",
  TextBody: "{{{@content}}}\n-- {{company}}",
  TemplateType: "Layout",
};

const welcomeBody = {
  Name: "Welcome",
  Alias: "welcome",
  Subject: "Welcome, {{name}}!",
  HtmlBody: "<p>Hi {{name}}</p>{{#each items}}<p>{{title}}</p>{{/each}}",
  TextBody: "Hi {{name}}",
  LayoutTemplate: "basic-layout",
};

async function create(mock: Harness, body: Record<string, unknown>, token?: string) {
  const answer = await mock.call("POST", "/templates", { body, ...(token === undefined ? {} : { token }) });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as { TemplateId: number };
}

async function serverId(mock: Harness, token: string): Promise<number> {
  return (await mock.call("GET", "/server", { token })).json.ID as number;
}

describe("templates flow", () => {
  it("creates a layout and a template in it, validates, renders for sending, edits, refuses deleting a used layout, and pushes", async () => {
    const mock = createHarness();
    const layout = await create(mock, layoutBody);
    const created = await mock.call("POST", "/templates", { body: welcomeBody });
    expect(created.json).toEqual({ TemplateId: expect.any(Number), Name: "Welcome", Alias: "welcome", Active: true, TemplateType: "Standard", LayoutTemplate: "basic-layout" });

    const fetched = await mock.call("GET", "/templates/WELCOME");
    expect(fetched.status).toBe(200);
    expect(fetched.json).toMatchObject({ TemplateId: created.json.TemplateId, Subject: welcomeBody.Subject, HtmlBody: welcomeBody.HtmlBody, TextBody: "Hi {{name}}", Active: true, LayoutTemplate: "basic-layout" });
    expect(fetched.json.AssociatedServerId).toBe(await serverId(mock, mock.token));

    const validated = await mock.call("POST", "/templates/validate", {
      body: {
        Subject: welcomeBody.Subject,
        HtmlBody: welcomeBody.HtmlBody,
        TextBody: welcomeBody.TextBody,
        TestRenderModel: { name: "<Jane & Joe>", items: [{ title: "One" }, { title: "Two" }], company: "Acme" },
        LayoutTemplate: "basic-layout",
      },
    });
    expect(validated.json.AllContentIsValid).toBe(true);
    expect(validated.json.Subject.RenderedContent).toBe("Welcome, <Jane & Joe>!");
    expect(validated.json.HtmlBody.RenderedContent).toContain('<p style="color: #333;">Hi &lt;Jane &amp; Joe&gt;</p><p style="color: #333;">One</p><p style="color: #333;">Two</p><p style="color: #333;">Acme</p>');
    expect(validated.json.TextBody.RenderedContent).toBe("Hi <Jane & Joe>\n-- Acme");

    const server = mock.emulator.state.servers[String(fetched.json.AssociatedServerId)];
    if (server === undefined) throw new Error("no server");
    const rendered = renderTemplatedMessage(server, { TemplateAlias: "welcome", TemplateModel: { name: "Jane", items: [], company: "Acme" } });
    expect(rendered).toMatchObject({ ok: true, message: { Subject: "Welcome, Jane!", TextBody: "Hi Jane\n-- Acme" } });
    if (!rendered.ok) throw new Error("not rendered");
    expect(rendered.message.HtmlBody).toContain('<p style="color: #333;">Hi Jane</p>');
    expect(rendered.message.HtmlBody).not.toContain("<style>");

    const edited = await mock.call("PUT", `/templates/${created.json.TemplateId as number}`, { body: { Subject: "Hello {{name}}", Name: "Welcome v2" } });
    expect(edited.json).toMatchObject({ Name: "Welcome v2", Alias: "welcome", LayoutTemplate: "basic-layout" });
    const again = renderTemplatedMessage(server, { TemplateId: created.json.TemplateId as number, TemplateModel: { name: "Jo" } });
    expect(again.ok && again.message.Subject).toBe("Hello Jo");

    const refused = await mock.call("DELETE", "/templates/basic-layout");
    expect(refused.status).toBe(422);
    expect(refused.json.ErrorCode).toBe(1130);

    // Push to another server: a dry run changes nothing, then the real push creates; a second push edits.
    const destinationToken = `${mock.token}-production`;
    const destination = await serverId(mock, destinationToken);
    const source = fetched.json.AssociatedServerId as number;
    const push = (PerformChanges: boolean) => mock.call("PUT", "/templates/push", { accountToken: "account", body: { SourceServerID: source, DestinationServerID: destination, PerformChanges } });
    const dryRun = await push(false);
    expect(dryRun.json).toEqual({
      TotalCount: 2,
      Templates: [
        { Action: "Create", TemplateId: null, Alias: "basic-layout", Name: "Basic layout", TemplateType: "Layout" },
        { Action: "Create", TemplateId: null, Alias: "welcome", Name: "Welcome v2", TemplateType: "Standard" },
      ],
    });
    expect((await mock.call("GET", "/templates", { token: destinationToken, query: { Count: 10, Offset: 0 } })).json.TotalCount).toBe(0);
    const real = await push(true);
    expect(real.json.Templates.map((entry: { Action: string }) => entry.Action)).toEqual(["Create", "Create"]);
    const copied = await mock.call("GET", "/templates/welcome", { token: destinationToken });
    expect(copied.json).toMatchObject({ TemplateId: real.json.Templates[1].TemplateId, Subject: "Hello {{name}}", LayoutTemplate: "basic-layout", AssociatedServerId: destination });
    await mock.call("PUT", "/templates/welcome", { body: { TextBody: "Changed {{name}}" } });
    const second = await push(true);
    expect(second.json.Templates).toEqual([
      { Action: "Edit", TemplateId: real.json.Templates[0].TemplateId, Alias: "basic-layout", Name: "Basic layout", TemplateType: "Layout" },
      { Action: "Edit", TemplateId: real.json.Templates[1].TemplateId, Alias: "welcome", Name: "Welcome v2", TemplateType: "Standard" },
    ]);
    expect((await mock.call("GET", "/templates/welcome", { token: destinationToken })).json.TextBody).toBe("Changed {{name}}");

    // Once no template uses it, the layout can go; its ID still answers, inactive.
    await mock.call("DELETE", "/templates/welcome");
    const deleted = await mock.call("DELETE", `/templates/${layout.TemplateId}`);
    expect(deleted.json).toEqual({ ErrorCode: 0, Message: `Template ${layout.TemplateId} removed.` });
    expect((await mock.call("GET", `/templates/${layout.TemplateId}`)).json.Active).toBe(false);
    expect((await mock.call("GET", "/templates/basic-layout")).json.ErrorCode).toBe(1101);
  });
});
