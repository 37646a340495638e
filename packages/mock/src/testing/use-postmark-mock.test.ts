import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectEmailSent, expectNoEmailSent } from "./assertions.js";
import { usePostmarkMock } from "./use-postmark-mock.js";

const postmark = usePostmarkMock({ hooks: { beforeAll, afterAll, beforeEach } });
const seen: { url: string; token: string }[] = [];

async function send(to: string, subject: string): Promise<Response> {
  return fetch(`${postmark.url}/email`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-Postmark-Server-Token": postmark.token },
    body: JSON.stringify({ From: "app@example.com", To: to, Subject: subject, TextBody: "Hi" }),
  });
}

describe("usePostmarkMock", () => {
  it("starts one mock for the file and gives the test a server of its own", async () => {
    seen.push({ url: postmark.url, token: postmark.token });
    expect(postmark.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await send("jane@example.org", "Welcome, Jane")).status).toBe(200);
    await expectEmailSent(postmark, { to: "jane@example.org", subject: /Welcome/ });
  });

  it("the next test has a new token and sees none of the previous test's mail", async () => {
    seen.push({ url: postmark.url, token: postmark.token });
    expect(seen[1]!.url).toBe(seen[0]!.url);
    expect(seen[1]!.token).not.toBe(seen[0]!.token);
    await expectNoEmailSent(postmark);
    await send("bob@example.org", "Hello, Bob");
    expect((await postmark.messages()).map((message) => message.Subject)).toEqual(["Hello, Bob"]);
    // The whole mock still has both tests' mail, and a filter may name another server.
    expect((await postmark.mock.messages()).map((message) => message.Subject).sort()).toEqual(["Hello, Bob", "Welcome, Jane"]);
    expect((await postmark.messages({ token: seen[0]!.token })).map((message) => message.Subject)).toEqual(["Welcome, Jane"]);
  });

  it("resets one test's server through the mock", async () => {
    await send("carol@example.org", "Hi, Carol");
    await postmark.mock.reset(postmark.token);
    expect(await postmark.messages()).toEqual([]);
    expect(await postmark.mock.messages({ token: seen[0]!.token })).toHaveLength(1);
  });
});

describe("without hooks", () => {
  it("asks for them when the runner has no globals", () => {
    expect(() => usePostmarkMock()).toThrow(/pass \{ hooks: \{ beforeAll, afterAll, beforeEach \} \}/);
  });

  it("finds global hooks, as jest provides them", () => {
    const registered: string[] = [];
    const scope = globalThis as Record<string, unknown>;
    const hook = (name: string) => () => registered.push(name);
    Object.assign(scope, { beforeAll: hook("beforeAll"), afterAll: hook("afterAll"), beforeEach: hook("beforeEach") });
    try {
      usePostmarkMock();
    } finally {
      delete scope["beforeAll"];
      delete scope["afterAll"];
      delete scope["beforeEach"];
    }
    expect(registered).toEqual(["beforeAll", "afterAll", "beforeEach"]);
  });
});
