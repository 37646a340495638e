// Server names and the server count, kept beside the state so that creating a server costs the
// same with ten thousand servers as with one: every new server token creates a server, and a test
// suite that uses a token per test creates thousands. Past `retention.servers` the oldest server
// goes, with its tokens. The index is derived (built from the state on first use, so state read
// back from disk needs nothing), and a name found in it is checked against the server before it
// counts, so a server renamed or removed elsewhere never leaves a wrong answer behind.
import { retention } from "./retention.js";
import type { ServerState, State } from "./state.js";

interface Index {
  /** lower-case name → IDs that had it when they were indexed */
  names: Map<string, Set<number>>;
  count: number;
  /** no server has an ID below this one */
  oldest: number;
}

const indexes = new WeakMap<State["servers"], Index>();

function indexOf(state: State): Index {
  let index = indexes.get(state.servers);
  if (index) return index;
  index = { names: new Map(), count: 0, oldest: Number.POSITIVE_INFINITY };
  for (const server of Object.values(state.servers)) {
    note(index, server);
    index.count += 1;
    index.oldest = Math.min(index.oldest, server.server.ID);
  }
  if (index.count === 0) index.oldest = 1;
  indexes.set(state.servers, index);
  return index;
}

function note(index: Index, server: ServerState): void {
  const key = server.server.Name.toLowerCase();
  let ids = index.names.get(key);
  if (!ids) index.names.set(key, (ids = new Set()));
  ids.add(server.server.ID);
}

/** Whether a server other than `ownId` has this name, without regard to case. */
export function serverNameTaken(state: State, name: string, ownId?: number): boolean {
  const key = name.toLowerCase();
  const ids = indexOf(state).names.get(key);
  if (!ids) return false;
  for (const id of ids) {
    const server = state.servers[id];
    if (server && server.server.Name.toLowerCase() === key) {
      if (id !== ownId) return true;
    } else {
      ids.delete(id);
    }
  }
  return false;
}

/** Adds a new server with its token; past the cap, the oldest servers go. */
export function addServer(state: State, created: ServerState, token: string): void {
  const index = indexOf(state);
  state.servers[created.server.ID] = created;
  state.tokens[token] = created.server.ID;
  note(index, created);
  index.count += 1;
  index.oldest = Math.min(index.oldest, created.server.ID);
  while (index.count > retention.servers) {
    while (index.oldest < created.server.ID && !state.servers[index.oldest]) index.oldest += 1;
    // Only the new server is left to go: the count was off, and the new server stays.
    if (index.oldest >= created.server.ID) {
      index.count = Object.keys(state.servers).length;
      break;
    }
    removeServer(state, index.oldest);
  }
}

/** Records a server's new name (after an edit). */
export function serverRenamed(state: State, server: ServerState): void {
  note(indexOf(state), server);
}

/** Removes a server and its tokens. */
export function removeServer(state: State, id: number): void {
  const server = state.servers[id];
  if (!server) return;
  for (const token of server.server.ApiTokens) if (state.tokens[token] === id) delete state.tokens[token];
  delete state.servers[id];
  indexOf(state).count -= 1;
}
