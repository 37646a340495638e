// The change feed behind the mock API's event stream (server-sent events): `message` for every
// message stored, `change` when a message gains an event or is deleted, `reset` on resets.
// Notices of one turn of the event loop are gathered first, so a send that also records its
// delivery gives one `message` frame with the delivery already in it, not a `message` and a `change`.

export interface ChangeFeed {
  sent(messageId: string): void;
  changed(messageId: string): void;
  reset(serverId?: number): void;
  /** calls `send` with each frame, as text ready to write, until the returned function is called */
  subscribe(send: (frame: string) => void): () => void;
}

/** One server-sent event. */
export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createChangeFeed(summaryOf: (messageId: string) => Promise<unknown>): ChangeFeed {
  const subscribers = new Set<(frame: string) => void>();
  let pending = new Map<string, "message" | "change">();
  let scheduled = false;

  const publish = (text: string) => {
    for (const send of subscribers) send(text);
  };
  // Frames go out in the order their notices came, even though summaries are looked up on the way.
  let sending: Promise<void> = Promise.resolve();
  let busy = 0;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    if (batch.size === 0) return;
    busy++;
    sending = sending.then(async () => {
      for (const [messageId, kind] of batch) {
        const summary = kind === "message" ? await summaryOf(messageId).catch(() => undefined) : undefined;
        if (summary !== undefined) publish(frame("message", summary));
        else publish(frame("change", { MessageID: messageId }));
      }
      busy--;
    });
  };
  const note = (messageId: string, kind: "message" | "change") => {
    // Nobody follows the stream: nothing to look up or send.
    if (subscribers.size === 0) return;
    if (pending.get(messageId) !== "message") pending.set(messageId, kind);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };

  return {
    sent: (messageId) => note(messageId, "message"),
    changed: (messageId) => note(messageId, "change"),
    reset(serverId) {
      flush();
      const text = frame("reset", serverId === undefined ? {} : { ServerID: serverId });
      if (busy === 0) publish(text);
      else sending = sending.then(() => publish(text));
    },
    subscribe(send) {
      subscribers.add(send);
      return () => subscribers.delete(send);
    },
  };
}
