// `reset(server?)` of the programmatic API and the MSW handlers: everything, or one server named
// by its ID or one of its tokens. A token nothing was sent with has no server, so nothing to forget.
import type { Emulator } from "./core/emulator.js";
import { scopeServerId } from "./sent.js";

export function resetServer(emulator: Emulator, server?: number | string): void {
  if (server === undefined) return emulator.reset();
  const id = scopeServerId(emulator.state, { server });
  if (id !== undefined && id >= 0) emulator.reset(id);
}
