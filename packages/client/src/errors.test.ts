import { describe, expect, it } from "vitest";
import { accountToken, fakeFetch, json, serverToken } from "../test/fake-fetch.js";
import {
  InactiveRecipientError,
  InvalidRequestError,
  InvalidTokenError,
  NotFoundError,
  PostmarkError,
  RateLimitError,
  ServerError,
  createPostmarkClient,
  isPostmarkError,
} from "./index.js";

const send = { body: { From: "sender@example.com", To: "someone@example.org", Subject: "Hi", TextBody: "Hello" } };

describe("errors from HTTP answers", () => {
  it.each([
    [401, { ErrorCode: 10, Message: "Request does not contain a valid Server token." }, InvalidTokenError, 10],
    [404, { ErrorCode: 1101, Message: "Not found." }, NotFoundError, 1101],
    [422, { ErrorCode: 300, Message: "Invalid 'From' address." }, InvalidRequestError, 300],
    [422, { ErrorCode: 406, Message: "You tried to send to recipient(s) that have been marked as inactive." }, InactiveRecipientError, 406],
    [429, { ErrorCode: 429, Message: "Rate limit exceeded." }, RateLimitError, 429],
    [500, { ErrorCode: 1, Message: "Internal server error." }, ServerError, 1],
    [503, { ErrorCode: 100, Message: "Maintenance." }, ServerError, 100],
  ] as const)("HTTP %i becomes the right error", async (status, body, errorClass, errorCode) => {
    const { fetch } = fakeFetch(() => json(body, status));
    const client = createPostmarkClient({ serverToken, fetch, retry: false });
    const error = await client.sendEmail(send).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(PostmarkError);
    expect(isPostmarkError(error)).toBe(true);
    expect(error).toMatchObject({ status, errorCode, message: body.Message, operationId: "sendEmail", method: "POST", path: "/email" });
  });

  it("explains an answer that is not a Postmark error, such as an HTML 403 from a proxy", async () => {
    const html = "<html><body><h1>403 Forbidden</h1><p>Request blocked.</p></body></html>";
    const { fetch } = fakeFetch(() => new Response(html, { status: 403, headers: { "content-type": "text/html" } }));
    const client = createPostmarkClient({ serverToken, fetch });
    const error = (await client.getCurrentServer().catch((caught: unknown) => caught)) as PostmarkError;
    expect(error).toBeInstanceOf(PostmarkError);
    expect(error.status).toBe(403);
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toContain("Unexpected HTTP 403 answer (text/html)");
    expect(error.message).toContain("proxy or firewall");
    expect(error.message).toContain("403 Forbidden Request blocked.");
  });

  it("explains an empty error answer", async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 502 }));
    const client = createPostmarkClient({ serverToken, fetch, retry: false });
    const error = (await client.getCurrentServer().catch((caught: unknown) => caught)) as PostmarkError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain("Unexpected HTTP 502 answer");
  });

  it("does not treat non-errors as Postmark errors", () => {
    expect(isPostmarkError(new Error("x"))).toBe(false);
    expect(isPostmarkError({ status: 401 })).toBe(false);
  });
});

describe("token redaction", () => {
  it.each([
    ["a 401 answer", () => json({ ErrorCode: 10, Message: "Bad token." }, 401)],
    ["a network failure", () => Promise.reject(new TypeError("fetch failed"))],
    ["an HTML page echoing headers", () => new Response("<p>denied</p>", { status: 403 })],
  ])("keeps tokens out of %s", async (_name, answer) => {
    const { fetch } = fakeFetch(answer);
    const client = createPostmarkClient({ serverToken, accountToken, fetch, retry: false });
    const error = (await client.sendEmail(send).catch((caught: unknown) => caught)) as Error;
    const renderings = [String(error), JSON.stringify(error), error.message, error.stack ?? "", JSON.stringify(Object.entries(error))];
    for (const text of renderings) {
      expect(text).not.toContain(serverToken);
      expect(text).not.toContain(accountToken);
    }
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ operationId: "sendEmail", method: "POST", path: "/email" });
  });
});
