import { describe, expect, it } from "vitest";
import { createChangeFeed, frame } from "./changes.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the change feed", () => {
  it("gathers the notices of one turn: a send and its delivery make one message frame", async () => {
    const summaries: Record<string, unknown> = { m1: { MessageID: "m1", LastEvent: "Delivered" } };
    const feed = createChangeFeed(async (id) => summaries[id]);
    const frames: string[] = [];
    const stop = feed.subscribe((text) => frames.push(text));
    feed.sent("m1");
    feed.changed("m1");
    feed.changed("m2");
    feed.changed("m2");
    expect(frames).toEqual([]);
    await tick();
    expect(frames).toEqual([frame("message", summaries["m1"]), frame("change", { MessageID: "m2" })]);
    feed.reset(3);
    expect(frames.at(-1)).toBe('event: reset\ndata: {"ServerID":3}\n\n');
    stop();
    feed.reset();
    expect(frames).toHaveLength(3);
  });

  it("reports a message deleted before its frame went out as a change", async () => {
    const feed = createChangeFeed(async () => undefined);
    const frames: string[] = [];
    feed.subscribe((text) => frames.push(text));
    feed.sent("gone");
    await tick();
    expect(frames).toEqual([frame("change", { MessageID: "gone" })]);
  });
});
