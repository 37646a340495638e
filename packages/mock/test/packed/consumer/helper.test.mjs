// A user's vitest file with the test helper: one mock for the file, a server per test.
import { createPostmarkClient } from "@postmark-openapi/client";
import { expectEmailSent, expectNoEmailSent, usePostmarkMock } from "@postmark-openapi/mock/testing";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

const postmark = usePostmarkMock({ hooks: { beforeAll, afterAll, beforeEach } });

async function sendWelcome(name, to) {
  const client = createPostmarkClient({ serverToken: postmark.token, baseUrl: postmark.url });
  return client.sendEmail({ body: { From: "app@example.com", To: to, Subject: `Welcome, ${name}`, TextBody: "Hi" } });
}

it("sends a welcome email", async () => {
  await sendWelcome("Jane", "jane@example.org");
  const message = await expectEmailSent(postmark, { to: "jane@example.org", subject: /Welcome/ });
  expect(message.TextBody).toBe("Hi");
});

it("starts each test with a server of its own", async () => {
  await expectNoEmailSent(postmark);
  await sendWelcome("Bob", "bob@example.org");
  await expect(expectEmailSent(postmark, { to: "jane@example.org" })).rejects.toThrow(/1 email was sent.*\n.*to bob@example\.org, subject "Welcome, Bob"/);
});
