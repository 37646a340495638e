// The inbox page: a search bar, the list of sent messages and the open message, kept current by
// the control API's event stream.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, links, type Message, type MessageQuery, type MessageSummary, type MockServer } from "../api.js";
import { followChanges, type LiveStatus } from "../live.js";
import { parseSearch, searchPrefixes } from "../search.js";
import { MessageList } from "./MessageList.js";
import { SmtpTokens } from "./SmtpTokens.js";
import { MessageView } from "./MessageView.js";

const pageSize = 50;
const largestPage = 500;

const idFromHash = () => {
  const match = /^#\/(.+)$/.exec(location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
};

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));

const liveText: Record<LiveStatus, string> = { connecting: "Connecting…", live: "Live", polling: "Reconnecting; checking every 3 s" };

export function App() {
  const [servers, setServers] = useState<MockServer[]>([]);
  const [searchText, setSearchText] = useState("");
  const [settledText, setSettledText] = useState("");
  const [serverFilter, setServerFilter] = useState<number>();
  const [limit, setLimit] = useState(pageSize);
  const [messages, setMessages] = useState<MessageSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(false);
  // The highlight follows a message, not a position, so new mail arriving on top does not move it.
  const [activeId, setActiveId] = useState<string>();
  const [openId, setOpenId] = useState(idFromHash);
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState<LiveStatus>("connecting");
  const [error, setError] = useState<string>();
  const searchBox = useRef<HTMLInputElement>(null);
  const openRef = useRef(openId);
  openRef.current = openId;
  // The open message's server: a reset of another server leaves the open message alone, and one
  // of its own server closes it without asking for a message that is gone.
  const openServer = useRef<number | undefined>(undefined);
  // The message being deleted from this page: its own change notice must not reload it.
  const deleting = useRef<string | undefined>(undefined);

  // Searching waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setSettledText(searchText), 200);
    return () => clearTimeout(timer);
  }, [searchText]);

  const parsed = useMemo(() => parseSearch(settledText, servers), [settledText, servers]);
  const query: MessageQuery = { ...parsed.query, server: parsed.query.server ?? serverFilter, count: limit };

  // The stream's handlers are set up once, so they read the latest query through a ref; answers
  // that arrive after a newer request was made are dropped.
  const queryRef = useRef(query);
  queryRef.current = query;
  const requests = useRef(0);
  const loadMessages = useCallback(async () => {
    const request = ++requests.current;
    try {
      const page = await api.listMessages(queryRef.current);
      if (request !== requests.current) return;
      setMessages(page.Messages);
      setTotal(page.TotalCount);
      setLoaded(true);
      setError(undefined);
    } catch (problem) {
      if (request === requests.current) setError(`The messages could not be loaded: ${(problem as Error).message}`);
    }
  }, []);
  const loadServers = useCallback(async () => {
    try {
      setServers(await api.listServers());
    } catch (problem) {
      setError(`The servers could not be loaded: ${(problem as Error).message}`);
    }
  }, []);

  useEffect(() => void loadMessages(), [JSON.stringify(query)]);

  useEffect(() => {
    void loadServers();
    const onHash = () => setOpenId(idFromHash());
    addEventListener("hashchange", onHash);
    const everything = () => {
      void loadMessages();
      void loadServers();
      setVersion((v) => v + 1);
    };
    const stop = followChanges(
      {
        onMessage: () => {
          void loadMessages();
          void loadServers();
        },
        onChange: (id) => {
          void loadMessages();
          if (id === undefined || (id === openRef.current && id !== deleting.current)) setVersion((v) => v + 1);
        },
        onReset: (serverId) => {
          void loadMessages();
          void loadServers();
          if (serverId === undefined || serverId === openServer.current) closeGone();
        },
        poll: everything,
        onStatus: setLive,
      },
      { url: links.stream },
    );
    return () => {
      stop();
      removeEventListener("hashchange", onHash);
    };
  }, []);

  // When the highlighted message goes away, the highlight stays where it was in the list.
  const lastIndex = useRef(0);
  const found = messages.findIndex((message) => message.MessageID === activeId);
  const activeIndex = found >= 0 ? found : Math.max(Math.min(lastIndex.current, messages.length - 1), 0);
  lastIndex.current = activeIndex;
  const setActiveIndex = (index: number) => setActiveId(messages[Math.max(Math.min(index, messages.length - 1), 0)]?.MessageID);

  const open = (id: string) => {
    location.hash = `#/${encodeURIComponent(id)}`;
  };
  const closeGone = () => {
    if (openRef.current === undefined) return;
    history.replaceState(null, "", location.pathname + location.search);
    setOpenId(undefined);
  };
  const close = () => {
    history.pushState(null, "", location.pathname + location.search);
    setOpenId(undefined);
    // On a narrow screen the list is hidden until this render is done.
    requestAnimationFrame(() => document.getElementById("message-list")?.focus());
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === "Escape" && event.target === searchBox.current) document.getElementById("message-list")?.focus();
        return;
      }
      if (event.key === "/") searchBox.current?.focus();
      else if (event.key === "j") setActiveIndex(activeIndex + 1);
      else if (event.key === "k") setActiveIndex(activeIndex - 1);
      else if (event.key === "Escape" && openId) close();
      else if (event.key === "Enter" && event.target === document.body && messages[activeIndex]) open(messages[activeIndex].MessageID);
      else return;
      event.preventDefault();
    };
    addEventListener("keydown", onKeyDown);
    return () => removeEventListener("keydown", onKeyDown);
  }, [messages, activeIndex, openId]);

  const selectedServer = servers.find((server) => server.ID === query.server);
  const resetServer = async () => {
    if (!selectedServer) return;
    const question = `Reset the server “${selectedServer.Name}”? Its messages, bounces, suppressions, opens, clicks and inbound messages are forgotten; its settings, streams, templates and webhooks stay.`;
    if (!confirm(question)) return;
    await act(() => api.resetServer(selectedServer.ID), "The server could not be reset");
    if (openServer.current === selectedServer.ID) closeGone();
  };
  const deleteMessage = async (message: Message) => {
    if (!confirm(`Delete the message “${message.Subject}”? Its events and bounces go with it.`)) return;
    deleting.current = message.MessageID;
    try {
      await api.deleteMessage(message.MessageID);
      closeGone();
      await Promise.all([loadMessages(), loadServers()]);
    } catch (problem) {
      setError(`The message could not be deleted: ${(problem as Error).message}`);
    } finally {
      deleting.current = undefined;
    }
  };
  const resetAll = async () => {
    if (!confirm("Reset everything? Every server, token, message and setting is forgotten, as at a fresh start.")) return;
    setServerFilter(undefined);
    await act(() => api.resetAll(), "The local Postmark could not be reset");
    closeGone();
  };
  const act = async (action: () => Promise<unknown>, failure: string) => {
    try {
      await action();
      await Promise.all([loadMessages(), loadServers()]);
    } catch (problem) {
      setError(`${failure}: ${(problem as Error).message}`);
    }
  };

  const filtering = Object.keys(parsed.query).length > 0 || serverFilter !== undefined;
  return (
    <div class={`app${openId ? " has-open" : ""}`}>
      <header class="topbar">
        <h1>
          Local Postmark <span class="muted">inbox</span>
        </h1>
        <form class="search" role="search" onSubmit={(event) => event.preventDefault()}>
          <label for="search">Search</label>
          <input
            id="search"
            ref={searchBox}
            type="search"
            value={searchText}
            placeholder="to:jane@example.org subject:invoice"
            aria-describedby="search-hint"
            autocomplete="off"
            spellcheck={false}
            onInput={(event) => {
              setSearchText(event.currentTarget.value);
              setLimit(pageSize);
            }}
          />
          <label for="server-filter">Server</label>
          <select
            id="server-filter"
            value={serverFilter ?? ""}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setServerFilter(value ? Number(value) : undefined);
              setLimit(pageSize);
            }}
          >
            <option value="">All servers</option>
            {servers.map((server) => (
              <option key={server.ID} value={server.ID}>
                {server.Name} ({server.MessageCount})
              </option>
            ))}
          </select>
        </form>
        <div class="actions">
          <button type="button" class="danger" disabled={!selectedServer} onClick={resetServer} title={selectedServer ? undefined : "Pick a server first"}>
            Reset server
          </button>
          <button type="button" class="danger" onClick={resetAll}>
            Reset everything
          </button>
          <span class={`live live-${live}`}>{liveText[live]}</span>
        </div>
        <p id="search-hint" class="hint">
          Words match the sender, recipients, subject and tag; narrow with {searchPrefixes.join(" ")}. Keys: <kbd>/</kbd> search, <kbd>j</kbd>/<kbd>k</kbd> or arrows
          move, <kbd>Enter</kbd> opens, <kbd>Esc</kbd> goes back.
        </p>
      </header>
      {error && (
        <div class="banner" role="alert">
          {error}{" "}
          <button type="button" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      {selectedServer && <SmtpTokens server={selectedServer} onError={setError} />}
      {parsed.problems.length > 0 && <p class="banner warning">{parsed.problems.join(" ")}</p>}
      <main class="panes">
        <section class="list-pane" aria-label="Messages">
          <p class="list-status" role="status">
            {loaded ? (messages.length < total ? `${messages.length} of ${total} messages` : `${total} ${total === 1 ? "message" : "messages"}`) : "Loading…"}
            {filtering && loaded ? " match" : ""}
          </p>
          {loaded && messages.length === 0 ? (
            <p class="empty">
              {filtering ? (
                "No message matches."
              ) : (
                <>
                  Nothing sent yet. Point your app at <code>{location.origin}</code> with any server token and send an email.
                </>
              )}
            </p>
          ) : (
            <MessageList messages={messages} activeIndex={activeIndex} openId={openId} onActivate={setActiveIndex} onOpen={open} />
          )}
          {messages.length < total && limit < largestPage && (
            <button type="button" class="more" onClick={() => setLimit((l) => Math.min(l + pageSize, largestPage))}>
              Show more
            </button>
          )}
        </section>
        {openId ? (
          <MessageView
            messageId={openId}
            version={version}
            onClose={close}
            onDelete={deleteMessage}
            onError={setError}
            onLoaded={(message) => (openServer.current = message.ServerID)}
          />
        ) : (
          <section class="message-view placeholder" aria-label="Message">
            <p class="empty">Open a message to see it here.</p>
          </section>
        )}
      </main>
    </div>
  );
}
