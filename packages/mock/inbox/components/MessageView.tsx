// The right pane: one message, its envelope, its parts in tabs, and a delete button.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Message } from "../api.js";
import { formatAddresses } from "../format.js";
import { AttachmentsPanel, DetailsPanel, EventsPanel, HeadersPanel, HtmlPanel, SourcePanel, TextPanel, WebhooksPanel } from "./Panels.js";
import { Tabs, type Tab } from "./Tabs.js";

type TabName = "html" | "text" | "headers" | "source" | "details" | "attachments" | "events" | "webhooks";

const panels: Record<TabName, (props: { message: Message }) => preact.JSX.Element> = {
  html: HtmlPanel,
  text: TextPanel,
  headers: HeadersPanel,
  source: SourcePanel,
  details: DetailsPanel,
  attachments: AttachmentsPanel,
  events: EventsPanel,
  webhooks: WebhooksPanel,
};

function tabsOf(message: Message): Tab<TabName>[] {
  return [
    ...(message.HasHtml ? [{ name: "html" as const, label: "HTML" }] : []),
    ...(message.HasText ? [{ name: "text" as const, label: "Text" }] : []),
    { name: "headers", label: "Headers" },
    { name: "source", label: "Source" },
    { name: "details", label: "Details" },
    { name: "attachments", label: `Attachments (${message.Attachments.length})` },
    { name: "events", label: `Events (${message.Events.length})` },
    { name: "webhooks", label: `Webhooks (${message.WebhookDeliveries.length})` },
  ];
}

interface Props {
  messageId: string;
  /** Changes whenever the message may have changed (a new event, a reset). */
  version: number;
  onClose(): void;
  /** Asks for confirmation and deletes the message. */
  onDelete(message: Message): void;
  onError(text: string): void;
  /** Tells which server the open message belongs to, once it is loaded. */
  onLoaded(message: Message): void;
}

export function MessageView({ messageId, version, onClose, onDelete, onError, onLoaded }: Props) {
  const [message, setMessage] = useState<Message>();
  const [missing, setMissing] = useState(false);
  const [tab, setTab] = useState<TabName>("html");

  useEffect(() => {
    let current = true;
    api.getMessage(messageId).then(
      (found) => {
        if (!current) return;
        setMessage(found);
        setMissing(false);
        onLoaded(found);
      },
      (problem: Error) => {
        if (!current) return;
        if (problem instanceof ApiError && problem.status === 404) setMissing(true);
        else onError(`The message could not be loaded: ${problem.message}`);
      },
    );
    return () => {
      current = false;
    };
  }, [messageId, version]);

  const back = (
    <button type="button" class="back" onClick={onClose} aria-label="Back to the list">
      ← List
    </button>
  );
  if (missing) {
    return (
      <section class="message-view" aria-label="Message">
        {back}
        <p class="empty">This message is gone: it was deleted, or its server was reset.</p>
      </section>
    );
  }
  if (!message || message.MessageID !== messageId) return <section class="message-view" aria-label="Message" aria-busy="true" />;

  const tabs = tabsOf(message);
  const shown: TabName = tabs.some((t) => t.name === tab) ? tab : (tabs[0]?.name ?? "headers");
  const Panel = panels[shown];

  return (
    <section class="message-view" aria-labelledby="message-subject">
      <header class="envelope">
        <div class="envelope-actions">
          {back}
          <button type="button" class="danger" onClick={() => onDelete(message)}>
            Delete message
          </button>
        </div>
        <h2 id="message-subject">{message.Subject || "(no subject)"}</h2>
        <dl>
          <dt>From</dt>
          <dd>{message.From}</dd>
          <dt>To</dt>
          <dd>{formatAddresses(message.To)}</dd>
          {message.Cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{formatAddresses(message.Cc)}</dd>
            </>
          )}
          {message.Bcc.length > 0 && (
            <>
              <dt>Bcc</dt>
              <dd>{formatAddresses(message.Bcc)}</dd>
            </>
          )}
          <dt>Sent</dt>
          <dd>
            {new Date(message.ReceivedAt).toLocaleString()} · {message.ServerName} · {message.MessageStream}
            {message.Tag ? ` · tag ${message.Tag}` : ""}
          </dd>
        </dl>
      </header>
      <Tabs<TabName> tabs={tabs} selected={shown} onSelect={setTab}>
        <Panel key={message.MessageID} message={message} />
      </Tabs>
    </section>
  );
}
