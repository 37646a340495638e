// `reset(server?)` of the programmatic API and the MSW handlers: everything, or one server named
// by its ID or one of its tokens. A token nothing was sent with has no server, so nothing to forget.
import type { Emulator } from "./core/emulator.js";
import { scopeServerId } from "./sent.js";

export async function resetServer(emulator: Emulator, server?: number | string): Promise<void> {
  if (server === undefined) return emulator.reset();
  const id = await scopeServerId(emulator, { server });
  if (typeof id === "number") await emulator.reset(id);
}
