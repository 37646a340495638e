import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { followChanges, type LiveHandlers, type LiveStatus } from "./live.js";

/** Stands in for the browser's EventSource: the test plays the server's side. */
class FakeSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeSource[] = [];
  readyState = FakeSource.CONNECTING;
  closed = false;
  constructor(readonly url: string) {
    super();
    FakeSource.opened.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = FakeSource.CLOSED;
  }
  serverOpens() {
    this.readyState = FakeSource.OPEN;
    this.dispatchEvent(new Event("open"));
  }
  serverSends(type: string, data: string) {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
  fails(readyState: number) {
    this.readyState = readyState;
    this.dispatchEvent(new Event("error"));
  }
}

function recorder() {
  const seen = { messages: [] as unknown[], changes: [] as (string | undefined)[], resets: [] as (number | undefined)[], polls: 0, statuses: [] as LiveStatus[] };
  const handlers: LiveHandlers = {
    onMessage: (data) => seen.messages.push(data),
    onChange: (id) => seen.changes.push(id),
    onReset: (serverId) => seen.resets.push(serverId),
    poll: () => seen.polls++,
    onStatus: (status) => seen.statuses.push(status),
  };
  return { seen, handlers };
}

const options = { url: "/__mock/api/stream", pollMs: 1000, reopenMs: 5000, EventSource: FakeSource as unknown as typeof EventSource };

beforeEach(() => {
  vi.useFakeTimers();
  FakeSource.opened = [];
});
afterEach(() => vi.useRealTimers());

describe("followChanges", () => {
  it("hands on the stream's events", () => {
    const { seen, handlers } = recorder();
    const stop = followChanges(handlers, options);
    const source = FakeSource.opened[0]!;
    expect(source.url).toBe("/__mock/api/stream");
    source.serverOpens();
    source.serverSends("message", '{"MessageID":"a"}');
    source.serverSends("change", '{"MessageID":"a"}');
    source.serverSends("change", "not json");
    source.serverSends("reset", "{}");
    source.serverSends("reset", '{"ServerID":3}');
    expect(seen.messages).toEqual([{ MessageID: "a" }]);
    expect(seen.changes).toEqual(["a", undefined]);
    expect(seen.resets).toEqual([undefined, 3]);
    expect(seen.statuses).toEqual(["connecting", "live"]);
    stop();
    expect(source.closed).toBe(true);
  });

  it("polls while the browser reconnects, and stops once the stream is back", () => {
    const { seen, handlers } = recorder();
    followChanges(handlers, options);
    const source = FakeSource.opened[0]!;
    source.serverOpens();
    source.fails(FakeSource.CONNECTING);
    vi.advanceTimersByTime(3500);
    expect(seen.polls).toBe(3);
    source.serverOpens();
    // One catch-up poll on reopening, then none.
    expect(seen.polls).toBe(4);
    vi.advanceTimersByTime(5000);
    expect(seen.polls).toBe(4);
    expect(seen.statuses).toEqual(["connecting", "live", "polling", "live"]);
    expect(FakeSource.opened).toHaveLength(1);
  });

  it("opens a new stream later when the browser gave up on one", () => {
    const { seen, handlers } = recorder();
    followChanges(handlers, options);
    FakeSource.opened[0]!.fails(FakeSource.CLOSED);
    expect(seen.statuses.at(-1)).toBe("polling");
    vi.advanceTimersByTime(4999);
    expect(FakeSource.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.opened).toHaveLength(2);
    expect(seen.polls).toBe(5);
  });

  it("stops polling and reopening when stopped", () => {
    const { seen, handlers } = recorder();
    const stop = followChanges(handlers, options);
    FakeSource.opened[0]!.fails(FakeSource.CLOSED);
    stop();
    vi.advanceTimersByTime(20_000);
    expect(seen.polls).toBe(0);
    expect(FakeSource.opened).toHaveLength(1);
  });
});
