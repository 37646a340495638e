// One component per tab of the message view.
import { useEffect, useState } from "preact/hooks";
import { api, links, type Message } from "../api.js";
import { formatBytes, formatTime, hasRemoteContent } from "../format.js";

/**
 * The HTML part, in a frame that may run nothing: `sandbox` without allow-scripts, and the
 * control API sends a CSP that blocks scripts and anything from elsewhere until remote=true.
 */
export function HtmlPanel({ message }: { message: Message }) {
  // The view gives each message a fresh panel, so remote images start blocked every time.
  const [remote, setRemote] = useState(false);
  const blocked = !remote && hasRemoteContent(message.HtmlBody);
  return (
    <div class="html-panel">
      {blocked && (
        <p class="notice" role="note">
          Remote images and styles are blocked.{" "}
          <button type="button" onClick={() => setRemote(true)}>
            Load remote images
          </button>
        </p>
      )}
      <iframe
        class="html-frame"
        title={`HTML part of “${message.Subject}”`}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        src={links.html(message.MessageID, remote)}
      />
    </div>
  );
}

export function TextPanel({ message }: { message: Message }) {
  return message.TextBody ? <pre class="text-part">{message.TextBody}</pre> : <p class="empty">This message has no text part.</p>;
}

export function HeadersPanel({ message }: { message: Message }) {
  return (
    <table class="pairs">
      <caption class="visually-hidden">Headers</caption>
      <tbody>
        {message.Headers.map((header, index) => (
          <tr key={index}>
            <th scope="row">{header.Name}</th>
            <td>{header.Value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SourcePanel({ message }: { message: Message }) {
  const [source, setSource] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    setSource(undefined);
    setError(undefined);
    api.getSource(message.MessageID).then(
      (text) => current && setSource(text),
      (problem: Error) => current && setError(problem.message),
    );
    return () => {
      current = false;
    };
  }, [message.MessageID]);
  if (error) return <p class="error">The source could not be read: {error}</p>;
  return (
    <>
      <p>
        <a href={`/__mock/api/messages/${encodeURIComponent(message.MessageID)}/source`} download={`${message.MessageID}.eml`}>
          Download as .eml
        </a>
      </p>
      <pre class="source">{source ?? "Loading…"}</pre>
    </>
  );
}

export function DetailsPanel({ message }: { message: Message }) {
  const rows: [string, string][] = [
    ["MessageID", message.MessageID],
    ["Server", `${message.ServerName} (ID ${message.ServerID})`],
    ["Stream", message.MessageStream],
    ["Tag", message.Tag ?? "—"],
    ["Received", new Date(message.ReceivedAt).toLocaleString()],
    ["Track opens", message.TrackOpens ? "yes" : "no"],
    ["Track links", message.TrackLinks],
    ["Last event", message.LastEvent ?? "—"],
  ];
  const metadata = Object.entries(message.Metadata);
  return (
    <>
      <table class="pairs">
        <caption class="visually-hidden">Details</caption>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Metadata</h3>
      {metadata.length === 0 ? (
        <p class="empty">No metadata.</p>
      ) : (
        <table class="pairs">
          <tbody>
            {metadata.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function AttachmentsPanel({ message }: { message: Message }) {
  if (message.Attachments.length === 0) return <p class="empty">No attachments.</p>;
  return (
    <ul class="attachments">
      {message.Attachments.map((attachment) => (
        <li key={attachment.Index}>
          <a href={links.attachment(message.MessageID, attachment.Index)} download={attachment.Name}>
            {attachment.Name}
          </a>{" "}
          <span class="muted">
            {attachment.ContentType}, {formatBytes(attachment.Size)}
            {attachment.ContentID ? `, inline as cid:${attachment.ContentID}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function EventsPanel({ message }: { message: Message }) {
  if (message.Events.length === 0) return <p class="empty">No events yet.</p>;
  return (
    <table class="grid">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Recipient</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {message.Events.map((event, index) => (
          <tr key={index}>
            <td>{formatTime(event.ReceivedAt)}</td>
            <td>{event.Type}</td>
            <td>{event.Recipient}</td>
            <td>{event.Details ? <code class="details">{JSON.stringify(event.Details)}</code> : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function WebhooksPanel({ message }: { message: Message }) {
  if (message.WebhookDeliveries.length === 0) return <p class="empty">No webhook was posted for this message. Configure one with the webhooks API or a server's hook URLs.</p>;
  return (
    <table class="grid">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Type</th>
          <th scope="col">URL</th>
          <th scope="col">Attempt</th>
          <th scope="col">Outcome</th>
          <th scope="col">Answer</th>
        </tr>
      </thead>
      <tbody>
        {message.WebhookDeliveries.map((delivery) => (
          <tr key={delivery.ID}>
            <td>{formatTime(delivery.At)}</td>
            <td>{delivery.RecordType}</td>
            <td class="url">{delivery.Url}</td>
            <td>{delivery.Attempt}</td>
            <td class={`outcome outcome-${delivery.Outcome}`}>{delivery.Outcome}</td>
            <td>
              {delivery.Status ?? "no answer"}
              {delivery.Error ? ` — ${delivery.Error}` : ""}
              {delivery.NextAttemptAt ? ` (next try ${formatTime(delivery.NextAttemptAt)})` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
