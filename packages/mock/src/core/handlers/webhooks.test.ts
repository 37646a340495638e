import { describe, expect, it } from "vitest";
import { createHarness } from "../../../test/harness.js";

const allOff = {
  Open: { Enabled: false, PostFirstOpenOnly: false },
  Click: { Enabled: false },
  Delivery: { Enabled: false },
  Bounce: { Enabled: false, IncludeContent: false },
  SpamComplaint: { Enabled: false, IncludeContent: false },
  SubscriptionChange: { Enabled: false },
};

describe("createWebhook and getWebhook", () => {
  it("stores a webhook on the outbound stream by default, every trigger present", async () => {
    const mock = createHarness();
    const created = await mock.call("POST", "/webhooks", { body: { Url: "https://hooks.example.com/pm", Triggers: { Bounce: { Enabled: true } } } });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      ID: expect.any(Number),
      Url: "https://hooks.example.com/pm",
      MessageStream: "outbound",
      HttpAuth: null,
      HttpHeaders: [],
      Triggers: { ...allOff, Bounce: { Enabled: true, IncludeContent: false } },
    });
    expect((await mock.call("GET", `/webhooks/${created.json.ID}`)).json).toEqual(created.json);
  });

  it("keeps credentials, headers and the stream it was given", async () => {
    const mock = createHarness();
    const body = {
      Url: "http://localhost:4000/hooks",
      MessageStream: "broadcast",
      HttpAuth: { Username: "user", Password: "secret" },
      HttpHeaders: [{ Name: "X-Secret", Value: "s3" }],
      Triggers: { Open: { Enabled: true, PostFirstOpenOnly: true }, SubscriptionChange: { Enabled: true } },
    };
    const created = await mock.call("POST", "/webhooks", { body });
    expect(created.json).toMatchObject({ ...body, Triggers: { ...allOff, ...body.Triggers } });
  });

  it.each([
    { case: "a URL that does not parse", body: { Url: "https://[bad" }, status: 422, errorCode: 606 },
    { case: "a URL that is not http(s)", body: { Url: "ftp://example.com" }, status: 422, errorCode: 606 },
    { case: "an unknown stream", body: { Url: "https://example.com", MessageStream: "nope" }, status: 422, errorCode: 1226 },
    { case: "the inbound stream", body: { Url: "https://example.com", MessageStream: "inbound" }, status: 422, errorCode: 1236 },
  ])("refuses $case with ErrorCode $errorCode", async ({ body, status, errorCode }) => {
    const mock = createHarness();
    const answer = await mock.call("POST", "/webhooks", { body });
    expect(answer.status).toBe(status);
    expect(answer.json.ErrorCode).toBe(errorCode);
  });
});

describe("listWebhooks", () => {
  it("lists all webhooks or those of one stream, and refuses an unknown stream", async () => {
    const mock = createHarness();
    await mock.call("POST", "/webhooks", { body: { Url: "https://a.example.com" } });
    await mock.call("POST", "/webhooks", { body: { Url: "https://b.example.com", MessageStream: "broadcast" } });
    const urls = (answer: { json: { Webhooks: { Url: string }[] } }) => answer.json.Webhooks.map((webhook) => webhook.Url);
    expect(urls(await mock.call("GET", "/webhooks"))).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(urls(await mock.call("GET", "/webhooks", { query: { MessageStream: "broadcast" } }))).toEqual(["https://b.example.com"]);
    const unknown = await mock.call("GET", "/webhooks", { query: { MessageStream: "nope" } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.ErrorCode).toBe(1226);
  });

  it("keeps each server's webhooks apart", async () => {
    const mock = createHarness();
    await mock.call("POST", "/webhooks", { body: { Url: "https://a.example.com" } });
    expect((await mock.call("GET", "/webhooks", { token: "someone-else" })).json.Webhooks).toEqual([]);
  });
});

describe("editWebhook and deleteWebhook", () => {
  it("changes only what is sent, trigger by trigger", async () => {
    const mock = createHarness();
    const { json: created } = await mock.call("POST", "/webhooks", {
      body: { Url: "https://a.example.com", HttpAuth: { Username: "u", Password: "p" }, Triggers: { Delivery: { Enabled: true }, Bounce: { Enabled: true, IncludeContent: true } } },
    });
    const edited = await mock.call("PUT", `/webhooks/${created.ID}`, { body: { Url: "https://b.example.com", Triggers: { Bounce: { Enabled: false } } } });
    expect(edited.status).toBe(200);
    expect(edited.json).toEqual({
      ...created,
      Url: "https://b.example.com",
      Triggers: { ...created.Triggers, Bounce: { Enabled: false, IncludeContent: true } },
    });
    expect((await mock.call("GET", `/webhooks/${created.ID}`)).json).toEqual(edited.json);
  });

  it("deletes a webhook", async () => {
    const mock = createHarness();
    const { json: created } = await mock.call("POST", "/webhooks", { body: { Url: "https://a.example.com" } });
    const removed = await mock.call("DELETE", `/webhooks/${created.ID}`);
    expect(removed.json).toEqual({ ErrorCode: 0, Message: `Webhook ${created.ID} removed.` });
    expect((await mock.call("GET", "/webhooks")).json.Webhooks).toEqual([]);
  });

  it.each([
    { method: "GET", body: undefined },
    { method: "PUT", body: { Url: "https://example.com" } },
    { method: "DELETE", body: undefined },
  ])("answers 404 to $method of an unknown webhook or another server's", async ({ method, body }) => {
    const mock = createHarness();
    const { json: other } = await mock.call("POST", "/webhooks", { token: "other-server", body: { Url: "https://a.example.com" } });
    for (const id of [999999, other.ID]) {
      const answer = await mock.call(method, `/webhooks/${id}`, { body });
      expect(answer.status).toBe(404);
    }
  });

  it("refuses an edit to an unusable URL with ErrorCode 606", async () => {
    const mock = createHarness();
    const { json: created } = await mock.call("POST", "/webhooks", { body: { Url: "https://a.example.com" } });
    const answer = await mock.call("PUT", `/webhooks/${created.ID}`, { body: { Url: "http://[bad" } });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(606);
    expect((await mock.call("GET", `/webhooks/${created.ID}`)).json.Url).toBe("https://a.example.com");
  });
});
