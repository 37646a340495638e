// The left pane: sent messages, newest first, as a listbox. Arrow keys or j/k move the highlight,
// Enter opens the highlighted message, a click opens the one clicked.
import { useEffect, useRef } from "preact/hooks";
import type { MessageSummary } from "../api.js";
import { formatAddresses, formatTime } from "../format.js";

export const optionId = (messageId: string) => `message-${messageId}`;

interface Props {
  messages: readonly MessageSummary[];
  activeIndex: number;
  openId: string | undefined;
  onActivate(index: number): void;
  onOpen(messageId: string): void;
}

export function MessageList({ messages, activeIndex, openId, onActivate, onOpen }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const active = messages[activeIndex];

  // Keep the highlighted row in view as the keyboard moves it.
  useEffect(() => {
    if (active) document.getElementById(optionId(active.MessageID))?.scrollIntoView({ block: "nearest" });
  }, [active?.MessageID]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") onActivate(Math.min(activeIndex + 1, messages.length - 1));
    else if (event.key === "ArrowUp") onActivate(Math.max(activeIndex - 1, 0));
    else if (event.key === "Home") onActivate(0);
    else if (event.key === "End") onActivate(messages.length - 1);
    else if (event.key === "Enter" && active) onOpen(active.MessageID);
    else return;
    event.preventDefault();
  };

  return (
    <div
      ref={list}
      id="message-list"
      class="message-list"
      role="listbox"
      tabIndex={0}
      aria-label="Sent messages, newest first"
      aria-activedescendant={active ? optionId(active.MessageID) : undefined}
      onKeyDown={onKeyDown}
    >
      {messages.map((message, index) => (
        <div
          key={message.MessageID}
          id={optionId(message.MessageID)}
          role="option"
          aria-selected={index === activeIndex}
          class={`message-row${index === activeIndex ? " active" : ""}${message.MessageID === openId ? " open" : ""}`}
          onClick={() => {
            onActivate(index);
            onOpen(message.MessageID);
            list.current?.focus();
          }}
        >
          <div class="row-line">
            <span class="row-from">{message.From}</span>
            <time class="row-time" dateTime={message.ReceivedAt}>
              {formatTime(message.ReceivedAt)}
            </time>
          </div>
          <div class="row-subject">{message.Subject || "(no subject)"}</div>
          <div class="row-line row-meta">
            <span class="row-to">To: {formatAddresses(message.To)}</span>
            <span class="badges">
              {message.AttachmentCount > 0 && <span class="badge">{message.AttachmentCount === 1 ? "1 file" : `${message.AttachmentCount} files`}</span>}
              {message.Tag && <span class="badge tag">{message.Tag}</span>}
              <span class="badge">{message.MessageStream}</span>
              <span class="badge">{message.ServerName}</span>
              {message.LastEvent && <span class={`badge event event-${message.LastEvent.toLowerCase()}`}>{message.LastEvent}</span>}
            </span>
          </div>
        </div>
      ))}
    </div>
  );
}
