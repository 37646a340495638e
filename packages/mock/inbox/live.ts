// Keeps the page current: follows the control API's event stream, and polls while the stream is
// down (the browser keeps trying to reconnect; once it has, polling stops).

export type LiveStatus = "connecting" | "live" | "polling";

export interface LiveHandlers {
  /** A message was sent (the event's data: the message's summary, as JSON). */
  onMessage(data: unknown): void;
  /** A message gained an event or was deleted. */
  onChange(messageId: string | undefined): void;
  /** A server (its ID given) or everything (no ID) was reset. */
  onReset(serverId: number | undefined): void;
  /** While the stream is down: look for changes. */
  poll(): void;
  onStatus(status: LiveStatus): void;
}

export interface LiveOptions {
  url: string;
  pollMs?: number;
  /** How long to wait before opening a new stream after the browser gave up on one. */
  reopenMs?: number;
  /** For tests: the EventSource to use. */
  EventSource?: typeof EventSource;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** Starts following; returns a function that stops. */
export function followChanges(handlers: LiveHandlers, options: LiveOptions): () => void {
  const { url, pollMs = 3000, reopenMs = 10_000, EventSource: Source = EventSource } = options;
  let source: EventSource | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const startPolling = () => {
    if (pollTimer === undefined) pollTimer = setInterval(() => handlers.poll(), pollMs);
    handlers.onStatus("polling");
  };
  const stopPolling = () => {
    if (pollTimer !== undefined) clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const open = () => {
    reopenTimer = undefined;
    const current = new Source(url);
    source = current;
    current.addEventListener("open", () => {
      const wasPolling = pollTimer !== undefined;
      stopPolling();
      handlers.onStatus("live");
      // Whatever happened while the stream was down is caught up on once.
      if (wasPolling) handlers.poll();
    });
    current.addEventListener("error", () => {
      if (stopped) return;
      startPolling();
      // CLOSED means the browser will not retry on its own (an error status or a wrong type).
      if (current.readyState === Source.CLOSED && reopenTimer === undefined) reopenTimer = setTimeout(open, reopenMs);
    });
    current.addEventListener("message", (event) => handlers.onMessage(parse((event as MessageEvent<string>).data)));
    current.addEventListener("change", (event) => {
      const data = parse((event as MessageEvent<string>).data) as { MessageID?: unknown } | undefined;
      handlers.onChange(typeof data?.MessageID === "string" ? data.MessageID : undefined);
    });
    current.addEventListener("reset", (event) => {
      const data = parse((event as MessageEvent<string>).data) as { ServerID?: unknown } | undefined;
      handlers.onReset(typeof data?.ServerID === "number" ? data.ServerID : undefined);
    });
  };

  handlers.onStatus("connecting");
  open();
  return () => {
    stopped = true;
    stopPolling();
    if (reopenTimer !== undefined) clearTimeout(reopenTimer);
    source?.close();
  };
}
