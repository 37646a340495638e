// A user's vitest file with the MSW handlers: no mock server runs, nothing listens.
import { createPostmarkClient } from "@postmark-openapi/client";
import { createPostmarkHandlers } from "@postmark-openapi/mock/msw";
import { expectEmailSent } from "@postmark-openapi/mock/testing";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

// A local address: were a request to slip past the handlers, it would stay on this machine.
const baseUrl = "http://127.0.0.1:9";
const postmark = createPostmarkHandlers({ baseUrl });
const server = setupServer(...postmark.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => postmark.reset());
afterAll(() => server.close());

it("sends through the emulator in-process", async () => {
  const client = createPostmarkClient({ serverToken: "msw-test", baseUrl });
  const sent = await client.sendEmail({ body: { From: "app@example.com", To: "jane@example.org", Subject: "Welcome, Jane", TextBody: "Hi" } });
  const message = await expectEmailSent(postmark, { token: "msw-test", to: "jane@example.org", subject: /Welcome/ });
  expect(message.MessageID).toBe(sent.MessageID);
  await expect(client.sendEmail({ body: { From: "app@example.com", To: "jane@example.org", Subject: "No body" } })).rejects.toMatchObject({ status: 422 });
});
