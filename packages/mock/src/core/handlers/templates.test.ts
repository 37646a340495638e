import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { holdingsOf, serverOf, stored, type SeededServer } from "../../../test/seed.js";
import { renderTemplatedMessage, type TemplatedRequest } from "../render-templated.js";

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

/** Renders a stored template of the server for a send, as /email/withTemplate does. */
function render({ store, server }: SeededServer, request: TemplatedRequest) {
  return store.transaction((tx) => renderTemplatedMessage(tx, server.ID, request));
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

    const server = await serverOf(mock);
    const rendered = await render(server, { TemplateAlias: "welcome", TemplateModel: { name: "Jane", items: [], company: "Acme" } });
    expect(rendered).toMatchObject({ ok: true, message: { Subject: "Welcome, Jane!", TextBody: "Hi Jane\n-- Acme" } });
    if (!rendered.ok) throw new Error("not rendered");
    expect(rendered.message.HtmlBody).toContain('<p style="color: #333;">Hi Jane</p>');
    expect(rendered.message.HtmlBody).not.toContain("<style>");

    const edited = await mock.call("PUT", `/templates/${created.json.TemplateId as number}`, { body: { Subject: "Hello {{name}}", Name: "Welcome v2" } });
    expect(edited.json).toMatchObject({ Name: "Welcome v2", Alias: "welcome", LayoutTemplate: "basic-layout" });
    // An empty LayoutTemplate removes the layout (as postmark-dotnet's integration tests do), and it can be set again.
    const unwrapped = await mock.call("PUT", "/templates/welcome", { body: { LayoutTemplate: "" } });
    expect(unwrapped.json).toMatchObject({ Alias: "welcome", LayoutTemplate: null });
    expect((await mock.call("GET", "/templates/welcome")).json.LayoutTemplate).toBeNull();
    const rewrapped = await mock.call("PUT", "/templates/welcome", { body: { LayoutTemplate: "basic-layout" } });
    expect(rewrapped.json.LayoutTemplate).toBe("basic-layout");
    const again = await render(server, { TemplateId: created.json.TemplateId as number, TemplateModel: { name: "Jo" } });
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

type Refusal = [name: string, setup: (mock: Harness) => Promise<unknown>, method: string, path: string, body: unknown, errorCode: number, message?: RegExp];

const withLayoutAndWelcome = async (mock: Harness) => {
  await create(mock, layoutBody);
  await create(mock, welcomeBody);
};

const refusals: Refusal[] = [
  ["get: an unknown ID", async () => {}, "GET", "/templates/987654", undefined, 1101, /^The 'TemplateId' associated with this request is not valid or was not found\.$/],
  ["get: an unknown alias", async () => {}, "GET", "/templates/nope", undefined, 1101, /^The Template's 'Alias' associated/],
  ["create: an alias already taken, in any case", withLayoutAndWelcome, "POST", "/templates", { ...welcomeBody, Alias: "WELCOME" }, 1122, /already used/],
  ["create: a LayoutTemplate that names no template", async () => {}, "POST", "/templates", welcomeBody, 1122, /basic-layout/],
  ["create: a LayoutTemplate that names a Standard template", withLayoutAndWelcome, "POST", "/templates", { ...welcomeBody, Alias: "other", LayoutTemplate: "welcome" }, 1122],
  ["create: a layout with a subject", async () => {}, "POST", "/templates", { ...layoutBody, Subject: "Hi" }, 1123],
  ["create: a layout inside a layout", withLayoutAndWelcome, "POST", "/templates", { ...layoutBody, Alias: "inner", LayoutTemplate: "basic-layout" }, 1123],
  ["create: a layout without the content placeholder", async () => {}, "POST", "/templates", { ...layoutBody, TextBody: "no placeholder" }, 1131, /TextBody/],
  ["create: a layout with the placeholder twice", async () => {}, "POST", "/templates", { ...layoutBody, HtmlBody: "{{{@content}}}{{{ @content }}}" }, 1131, /HtmlBody/],
  ["create: content that does not parse", async () => {}, "POST", "/templates", { Name: "x", Subject: "Hi", TextBody: "line\n{{#each items}}" }, 1122, /'TextBody'.*never closed|'TextBody'.*not closed.*line 2, character 1/],
  ["create: a blank subject", async () => {}, "POST", "/templates", { Name: "x", Subject: " ", TextBody: "b" }, 1120],
  ["create: empty bodies only", async () => {}, "POST", "/templates", { Name: "x", Subject: "s", HtmlBody: "" }, 1120],
  ["edit: an unknown template", async () => {}, "PUT", "/templates/welcome", { Name: "x" }, 1101],
  ["edit: a subject for a layout", withLayoutAndWelcome, "PUT", "/templates/basic-layout", { Subject: "Hi" }, 1123],
  ["edit: an alias another template has", withLayoutAndWelcome, "PUT", "/templates/welcome", { Alias: "Basic-Layout" }, 1122],
  ["edit: a layout that loses its placeholder", withLayoutAndWelcome, "PUT", "/templates/basic-layout", { HtmlBody: "<p>gone</p>" }, 1131],
  ["edit: content that does not parse", withLayoutAndWelcome, "PUT", "/templates/welcome", { Subject: "{{#a}}" }, 1122, /'Subject'/],
  ["edit: an unknown layout", withLayoutAndWelcome, "PUT", "/templates/welcome", { LayoutTemplate: "fancy" }, 1122],
  ["edit: removing the only body", async (mock) => create(mock, { Name: "t", Alias: "t", Subject: "s", TextBody: "b" }), "PUT", "/templates/t", { TextBody: "" }, 1120],
  ["delete: an unknown template", async () => {}, "DELETE", "/templates/123", undefined, 1101],
  ["delete: a layout still in use", withLayoutAndWelcome, "DELETE", "/templates/basic-layout", undefined, 1130, /1 template/],
  ["delete: a template already deleted", async (mock) => {
    await create(mock, { Name: "t", Alias: "t", Subject: "s", TextBody: "b" });
    await mock.call("DELETE", "/templates/t");
  }, "DELETE", "/templates/t", undefined, 1101],
  ["validate: an unknown layout", async () => {}, "POST", "/templates/validate", { TextBody: "x", LayoutTemplate: "basic-layout" }, 1122],
  ["validate: a subject for a layout", async () => {}, "POST", "/templates/validate", { Subject: "s", TextBody: "{{{@content}}}", TemplateType: "Layout" }, 1123],
];

describe("template refusals", () => {
  it.each(refusals)("%s", async (_name, setup, method, path, body, errorCode, message) => {
    const mock = createHarness();
    await setup(mock);
    const answer = await mock.call(method, path, body === undefined ? {} : { body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
    if (message) expect(answer.json.Message).toMatch(message);
  });

  it("refuses the 101st template of a server, layouts included, and counts only templates not deleted", async () => {
    const mock = createHarness();
    await create(mock, layoutBody);
    for (let n = 1; n < 100; n++) await create(mock, { Name: `t${n}`, Subject: "s", TextBody: "b" });
    const full = await mock.call("POST", "/templates", { body: { Name: "one more", Subject: "s", TextBody: "b" } });
    expect([full.status, full.json.ErrorCode]).toEqual([422, 1105]);
    const list = await mock.call("GET", "/templates", { query: { Count: 500, Offset: 0 } });
    await mock.call("DELETE", `/templates/${list.json.Templates[99].TemplateId as number}`);
    expect((await mock.call("POST", "/templates", { body: { Name: "one more", Subject: "s", TextBody: "b" } })).status).toBe(200);
  });
});

describe("listing", () => {
  it("filters by type and by layout, pages with Count and Offset, and leaves deleted templates out", async () => {
    const mock = createHarness();
    await withLayoutAndWelcome(mock);
    await create(mock, { Name: "Plain", Subject: "s", TextBody: "b" });
    const gone = await create(mock, { Name: "Gone", Subject: "s", TextBody: "b" });
    await mock.call("DELETE", `/templates/${gone.TemplateId}`);
    const list = (query: Record<string, string | number>) => mock.call("GET", "/templates", { query: { Count: 100, Offset: 0, ...query } });
    const names = (answer: { json: { Templates: { Name: string }[] } }) => answer.json.Templates.map((entry) => entry.Name);
    const cases: [Record<string, string | number>, number, string[]][] = [
      [{}, 3, ["Basic layout", "Welcome", "Plain"]],
      [{ TemplateType: "All" }, 3, ["Basic layout", "Welcome", "Plain"]],
      [{ TemplateType: "Layout" }, 1, ["Basic layout"]],
      [{ TemplateType: "Standard" }, 2, ["Welcome", "Plain"]],
      [{ LayoutTemplate: "BASIC-layout" }, 1, ["Welcome"]],
      [{ Count: 1, Offset: 1 }, 3, ["Welcome"]],
      [{ Offset: 3 }, 3, []],
    ];
    for (const [query, total, expected] of cases) {
      const answer = await list(query);
      expect([answer.json.TotalCount, names(answer)], JSON.stringify(query)).toEqual([total, expected]);
    }
    const [layoutSummary] = (await list({ TemplateType: "Layout" })).json.Templates;
    expect(layoutSummary).toEqual({ TemplateId: expect.any(Number), Name: "Basic layout", Alias: "basic-layout", Active: true, TemplateType: "Layout", LayoutTemplate: null });
  });
});

describe("editing", () => {
  it("keeps what is not given, clears a body given empty, and moves templates along when their layout's alias changes", async () => {
    const mock = createHarness();
    await withLayoutAndWelcome(mock);
    await mock.call("PUT", "/templates/welcome", { body: { TextBody: "" } });
    const welcome = await mock.call("GET", "/templates/welcome");
    expect(welcome.json).toMatchObject({ Name: "Welcome", Subject: welcomeBody.Subject, HtmlBody: welcomeBody.HtmlBody, TextBody: null });
    const renamed = await mock.call("PUT", "/templates/basic-layout", { body: { Alias: "branded" } });
    expect(renamed.json).toMatchObject({ Alias: "branded", TemplateType: "Layout", LayoutTemplate: null });
    expect((await mock.call("GET", "/templates/welcome")).json.LayoutTemplate).toBe("branded");
    const own = await mock.call("PUT", "/templates/welcome", { body: { Alias: "Welcome" } });
    expect(own.json.Alias).toBe("Welcome");
  });
});

describe("validation", () => {
  it("answers only the parts given, with parse errors located and nothing rendered for them", async () => {
    const mock = createHarness();
    const answer = await mock.call("POST", "/templates/validate", { body: { Subject: "Hi {{name}}", TextBody: "ok\n{{#each items}}" } });
    expect(answer.json.AllContentIsValid).toBe(false);
    expect(answer.json.HtmlBody).toBeNull();
    expect(answer.json.Subject).toEqual({ ContentIsValid: true, ValidationErrors: [], RenderedContent: "Hi name_Value" });
    expect(answer.json.TextBody.ContentIsValid).toBe(false);
    expect(answer.json.TextBody.RenderedContent).toBeNull();
    expect(answer.json.TextBody.ValidationErrors[0]).toMatchObject({ Line: 2, CharacterPosition: 1 });
  });

  it("fills what the test model leaves out with the suggested values, and answers the combined model", async () => {
    // Postmark's own example: the subject renders "name_Value subjectHeadline_Value" with a model
    // that has only userName, and the suggestion includes userName.
    const mock = createHarness();
    const answer = await mock.call("POST", "/templates/validate", {
      body: {
        Subject: "{{#company}}{{name}}{{/company}} {{subjectHeadline}}",
        TextBody: "{{#company}}{{address}}{{/company}}{{#each person}} {{name}} {{/each}}",
        TestRenderModel: { userName: "bobby joe", company: { address: "Main St" } },
      },
    });
    expect(answer.json.Subject.RenderedContent).toBe("name_Value subjectHeadline_Value");
    expect(answer.json.TextBody.RenderedContent).toBe("Main St name_Value ");
    expect(answer.json.SuggestedTemplateModel).toEqual({
      userName: "bobby joe",
      company: { address: "Main St", name: "name_Value" },
      subjectHeadline: "subjectHeadline_Value",
      person: [{ name: "name_Value" }],
    });
  });

  it("reports a model that does not fit (each over a scalar) as invalid content", async () => {
    const mock = createHarness();
    const answer = await mock.call("POST", "/templates/validate", { body: { HtmlBody: "<p>{{#each items}}{{.}}{{/each}}</p>", TestRenderModel: { items: "not a list" } } });
    expect(answer.json.AllContentIsValid).toBe(false);
    expect(answer.json.HtmlBody).toEqual({
      ContentIsValid: false,
      ValidationErrors: [{ Message: "'items' is used like an array by the template, but is a scalar value or object in your model.", Line: 1, CharacterPosition: 4 }],
      RenderedContent: null,
    });
  });

  it("inlines CSS unless told not to, and checks a layout's placeholder", async () => {
    const mock = createHarness();
    const html = "<html><head><style>p { color: red; }</style></head><body><p>x</p></body></html>";
    const inlined = await mock.call("POST", "/templates/validate", { body: { HtmlBody: html } });
    expect(inlined.json.HtmlBody.RenderedContent).toContain('<p style="color: red;">x</p>');
    const kept = await mock.call("POST", "/templates/validate", { body: { HtmlBody: html, InlineCssForHtmlTestRender: false } });
    expect(kept.json.HtmlBody.RenderedContent).toBe(html);
    const layout = await mock.call("POST", "/templates/validate", { body: { HtmlBody: "<b>{{{@content}}}</b>", TextBody: "none", TemplateType: "Layout" } });
    expect(layout.json.HtmlBody).toEqual({ ContentIsValid: true, ValidationErrors: [], RenderedContent: "<b></b>" });
    expect(layout.json.TextBody.ContentIsValid).toBe(false);
    expect(layout.json.AllContentIsValid).toBe(false);
  });
});

describe("pushing templates", () => {
  async function twoServers() {
    const mock = createHarness();
    const destinationToken = `${mock.token}-destination`;
    const source = await serverId(mock, mock.token);
    const destination = await serverId(mock, destinationToken);
    const push = (body: Record<string, unknown>) => mock.call("PUT", "/templates/push", { accountToken: "account", body: { SourceServerID: source, DestinationServerID: destination, PerformChanges: true, ...body } });
    return { mock, destinationToken, source, destination, push };
  }

  it("pushes only templates with an alias", async () => {
    const { mock, push, destinationToken } = await twoServers();
    await create(mock, { Name: "No alias", Subject: "s", TextBody: "b" });
    await create(mock, { Name: "Aliased", Alias: "aliased", Subject: "s", TextBody: "b" });
    const answer = await push({});
    expect(answer.json.Templates.map((entry: { Alias: string }) => entry.Alias)).toEqual(["aliased"]);
    expect((await mock.call("GET", "/templates", { token: destinationToken, query: { Count: 10, Offset: 0 } })).json.TotalCount).toBe(1);
  });

  const pushRefusals: [string, (setup: Awaited<ReturnType<typeof twoServers>>) => Promise<Record<string, unknown>>, number][] = [
    ["an unknown source server", async () => ({ SourceServerID: 999999 }), 601],
    ["an unknown destination server", async () => ({ DestinationServerID: 999999 }), 601],
    ["a template whose type differs at the destination", async ({ mock, destinationToken }) => {
      await create(mock, { Name: "Shared", Alias: "shared", Subject: "s", TextBody: "b" });
      await create(mock, { Name: "Other", Alias: "other", Subject: "s", TextBody: "b" });
      await create(mock, { Name: "Shared", Alias: "shared", HtmlBody: "{{{@content}}}", TemplateType: "Layout" }, destinationToken);
      return {};
    }, 1125],
    ["a destination that would hold more than 100 templates", async ({ mock, destinationToken }) => {
      await create(mock, { Name: "New", Alias: "new", Subject: "s", TextBody: "b" });
      for (let n = 0; n < 100; n++) await create(mock, { Name: `d${n}`, Subject: "s", TextBody: "b" }, destinationToken);
      return {};
    }, 1105],
  ];

  it.each(pushRefusals)("refuses %s and changes nothing", async (_name, prepare, errorCode) => {
    const setup = await twoServers();
    const body = await prepare(setup);
    const before = JSON.stringify(await holdingsOf(setup.mock.store, setup.destination));
    const answer = await setup.push(body);
    expect([answer.status, answer.json.ErrorCode]).toEqual([422, errorCode]);
    expect(JSON.stringify(await holdingsOf(setup.mock.store, setup.destination))).toBe(before);
  });
});

describe("rendering for a send", () => {
  async function serverWith(bodies: Record<string, unknown>[]) {
    const mock = createHarness();
    for (const body of bodies) await create(mock, body);
    const server = await serverOf(mock);
    return { mock, server };
  }

  it.each([
    ["an unknown ID", { TemplateId: 424242 }, "The 'TemplateId' associated with this request is not valid or was not found."],
    ["an unknown alias", { TemplateAlias: "missing" }, "The Template's 'Alias' associated with this request is not valid or was not found."],
    ["a layout", { TemplateAlias: "basic-layout" }, "The Template's 'Alias' associated with this request is not valid or was not found."],
    ["neither ID nor alias", {}, "Either 'TemplateId' or 'TemplateAlias' is required to send with a template."],
  ])("refuses %s with ErrorCode 1101", async (_name, request, message) => {
    const { server } = await serverWith([layoutBody, welcomeBody]);
    expect(await render(server, { ...request, TemplateModel: {} })).toEqual({ ok: false, refusal: { ErrorCode: 1101, Message: message } });
  });

  it("refuses a deleted template", async () => {
    const { mock, server } = await serverWith([{ Name: "t", Alias: "t", Subject: "s", TextBody: "b" }]);
    const id = (await stored(server, "templates"))[0]?.template.TemplateId as number;
    await mock.call("DELETE", "/templates/t");
    expect(await render(server, { TemplateId: id, TemplateModel: {} })).toMatchObject({ ok: false, refusal: { ErrorCode: 1101 } });
  });

  it("reports a model that does not fit as a rendering failure, with where it happened", async () => {
    const { server } = await serverWith([layoutBody, welcomeBody]);
    const outcome = await render(server, { TemplateAlias: "welcome", TemplateModel: { items: { title: "x" } } });
    expect(outcome).toMatchObject({ ok: false, renderingFailed: { Message: "'items' is used like an array by the template, but is a scalar value or object in your model.", Line: 1, CharacterPosition: 19 } });
  });

  it("keeps style blocks when InlineCss is false, and renders a template without a layout or an HTML body", async () => {
    const { server } = await serverWith([layoutBody, welcomeBody, { Name: "Text", Alias: "text", Subject: "{{a}} & {{b}}", TextBody: "{{a}} <{{b}}>" }]);
    const kept = await render(server, { TemplateAlias: "welcome", TemplateModel: { name: "J" }, InlineCss: false });
    expect(kept.ok && kept.message.HtmlBody).toBe("<html><head><style>p { color: #333; }</style></head><body><p>Hi J</p><p></p></body></html>");
    const text = await render(server, { TemplateAlias: "text", TemplateModel: { a: "1", b: "<2>" } });
    expect(text).toMatchObject({ ok: true, message: { Subject: "1 & <2>", TextBody: "1 <<2>>" } });
    expect(text.ok && "HtmlBody" in text.message).toBe(false);
  });
});
