import { describe, expect, it } from "vitest";
import { createPostQueue, targetOf } from "./queue.js";

/** Tasks that finish when the test says so, recording how many of each target run at once. */
function harness(overall: number, perTarget: number) {
  const queue = createPostQueue({ overall, perTarget });
  const running = new Map<string, number>();
  const most = { overall: 0, perTarget: new Map<string, number>() };
  const finishers: { target: string; finish: () => void }[] = [];
  const started: string[] = [];
  const push = (target: string, label = target) =>
    queue.push(target, () => {
      started.push(label);
      running.set(target, (running.get(target) ?? 0) + 1);
      most.overall = Math.max(most.overall, [...running.values()].reduce((a, b) => a + b, 0));
      most.perTarget.set(target, Math.max(most.perTarget.get(target) ?? 0, running.get(target)!));
      return new Promise<void>((resolve) =>
        finishers.push({
          target,
          finish: () => {
            running.set(target, running.get(target)! - 1);
            resolve();
          },
        }),
      );
    });
  /** lets the queue start what it may (it starts tasks after the current call) */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  const finishAll = async () => {
    for (const { finish } of finishers.splice(0)) finish();
    await settle();
  };
  return { queue, push, most, started, settle, finishAll, finishers };
}

describe("the webhook post queue", () => {
  it("runs at most `perTarget` posts to one receiver and `overall` in all, and every post in the end", async () => {
    const { queue, push, most, started, settle, finishAll } = harness(5, 2);
    for (let i = 0; i < 20; i++) push(`http://a.test`, `a${i}`);
    for (let i = 0; i < 20; i++) push(`http://b.test`, `b${i}`);
    for (let i = 0; i < 20; i++) push(`http://c.test:81`, `c${i}`);
    expect(queue.waiting).toBe(60);
    await settle();
    expect(queue.running).toBe(5);
    while (started.length < 60) await finishAll();
    await finishAll();
    expect(most.overall).toBe(5);
    expect([...most.perTarget.values()]).toEqual([2, 2, 2]);
    expect(queue.running).toBe(0);
    expect(queue.waiting).toBe(0);
  });

  it("keeps a receiver that never answers to its own share", async () => {
    const { push, started, settle, finishers } = harness(4, 2);
    for (let i = 0; i < 10; i++) push("http://hangs.test", `hang${i}`);
    for (let i = 0; i < 3; i++) push("http://fast.test", `fast${i}`);
    await settle();
    // Two slots to the hanging receiver, two to the other, which goes on as its posts finish.
    for (let round = 0; round < 3; round++) {
      for (const finisher of finishers.filter((entry) => entry.target === "http://fast.test")) {
        finishers.splice(finishers.indexOf(finisher), 1);
        finisher.finish();
      }
      await settle();
    }
    expect(started.filter((label) => label.startsWith("fast"))).toEqual(["fast0", "fast1", "fast2"]);
    expect(started.filter((label) => label.startsWith("hang"))).toEqual(["hang0", "hang1"]);
  });

  it("starts nothing cleared, and says how much it dropped", async () => {
    const { queue, push, started, settle } = harness(1, 1);
    for (let i = 0; i < 5; i++) push("http://a.test");
    await settle();
    expect(queue.clear()).toBe(4);
    await settle();
    expect(started).toHaveLength(1);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a bound of %s", (bound) => {
    expect(() => createPostQueue({ overall: bound, perTarget: 1 })).toThrow(/whole number/);
    expect(() => createPostQueue({ overall: 1, perTarget: bound })).toThrow(/whole number/);
  });

  it.each([
    ["http://127.0.0.1:3000/hooks/a", "http://127.0.0.1:3000"],
    ["https://user:pass@Example.com/x", "https://example.com"],
    ["not a url", "not a url"],
  ])("counts %s against %s", (url, target) => {
    expect(targetOf(url)).toBe(target);
  });
});
