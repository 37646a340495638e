import { describe, expect, it } from "vitest";
import { fakeFetch, json, serverToken } from "../test/fake-fetch.js";
import { BatchSendError, createPostmarkClient, sendEmailsInBatches, sendTemplatedEmailsInBatches, type BatchMessage } from "./index.js";

const messages: BatchMessage[] = Array.from({ length: 1_201 }, (_, i) => ({
  From: "sender@example.com",
  To: i % 400 === 7 ? "inactive@example.org" : `user${i}@example.org`,
  Subject: `Message ${i}`,
  TextBody: "Hello",
}));

/** Answers a batch like Postmark: 200, one result per message, refusals inside. */
const batchAnswer = fakeFetch((request) => {
  const body = request.body as { To: string }[] | { Messages: { To: string }[] };
  const sent = Array.isArray(body) ? body : body.Messages;
  return json(
    sent.map((message, i) =>
      message.To === "inactive@example.org"
        ? { ErrorCode: 406, Message: "You tried to send to recipient(s) that have been marked as inactive." }
        : { ErrorCode: 0, Message: "OK", To: message.To, SubmittedAt: "2026-11-26T10:00:00Z", MessageID: `id-${i}` },
    ),
  );
});

describe("sendEmailsInBatches", () => {
  it("sends 500 per request and returns results in input order, failures easy to find", async () => {
    const { fetch, requests } = batchAnswer;
    requests.length = 0;
    const client = createPostmarkClient({ serverToken, fetch });
    const summary = await sendEmailsInBatches(client, messages);
    expect(requests.map((request) => (request.body as unknown[]).length)).toEqual([500, 500, 201]);
    expect(requests.every((request) => request.url.pathname === "/email/batch")).toBe(true);
    expect(summary.results.map((result) => result.index)).toEqual(messages.map((_, i) => i));
    expect(summary.results.map((result) => result.message)).toEqual(messages);
    expect(summary.failed.map((result) => result.index)).toEqual([7, 407, 807]);
    expect(summary.failed.every((result) => result.ErrorCode === 406)).toBe(true);
    expect(summary.accepted).toHaveLength(1_198);
  });

  it("counts a result without ErrorCode (accepted, delivery may be delayed) as accepted", async () => {
    const { fetch } = fakeFetch(() =>
      json([
        { Message: "Message accepted, but delivery may be delayed.", To: "a@example.org", SubmittedAt: "2026-11-26T10:00:00Z", MessageID: "m1" },
        { ErrorCode: 300, Message: "Invalid 'To' address." },
      ]),
    );
    const client = createPostmarkClient({ serverToken, fetch });
    const summary = await sendEmailsInBatches(client, messages.slice(0, 2));
    expect(summary.accepted.map((result) => result.index)).toEqual([0]);
    expect(summary.failed.map((result) => result.index)).toEqual([1]);
  });

  it("sends templated messages inside { Messages }", async () => {
    const { fetch, requests } = batchAnswer;
    requests.length = 0;
    const client = createPostmarkClient({ serverToken, fetch });
    const templated = Array.from({ length: 3 }, (_, i) => ({ From: "sender@example.com", To: `user${i}@example.org`, TemplateAlias: "welcome", TemplateModel: { name: `User ${i}` } }));
    const summary = await sendTemplatedEmailsInBatches(client, templated);
    expect(requests[0]!.url.pathname).toBe("/email/batchWithTemplates");
    expect(requests[0]!.body).toEqual({ Messages: templated });
    expect(summary.failed).toEqual([]);
  });

  it("keeps earlier results and lists the unsent messages when a request fails", async () => {
    let call = 0;
    const { fetch } = fakeFetch((request) => {
      call++;
      if (call === 2) return json({ ErrorCode: 300, Message: "Invalid 'From' address." }, 422);
      return json((request.body as unknown[]).map(() => ({ ErrorCode: 0, Message: "OK", To: "x@example.org", SubmittedAt: "2026-11-26T10:00:00Z", MessageID: "m" })));
    });
    const client = createPostmarkClient({ serverToken, fetch });
    const error = (await sendEmailsInBatches(client, messages).catch((caught: unknown) => caught)) as BatchSendError<BatchMessage>;
    expect(error).toBeInstanceOf(BatchSendError);
    expect(error.results).toHaveLength(500);
    expect(error.unsent.map((entry) => entry.index)).toEqual(messages.slice(500).map((_, i) => 500 + i));
    expect(error.possiblyDelivered).toBe(false);
    expect(error.errorCode).toBe(300);
  });

  it.each([0, 501, 2.5])("rejects chunkSize %s", async (chunkSize) => {
    const client = createPostmarkClient({ serverToken, fetch: fakeFetch().fetch });
    await expect(sendEmailsInBatches(client, messages, { chunkSize })).rejects.toThrow("chunkSize must be an integer from 1 to 500");
  });
});
