// The body posted for an event to one target. The event carries the spec's payload; bounce and
// spam complaint payloads gain the bounce message in `Content` when the target asks for it.
import type { EmulatorEvent } from "../core/events.js";
import type { State } from "../core/state.js";
import type { HookTarget } from "./targets.js";

export function payloadFor(state: State, event: EmulatorEvent, target: HookTarget): EmulatorEvent["payload"] {
  if (event.type !== "Bounce" && event.type !== "SpamComplaint") return event.payload;
  const { Content: given, ...withoutContent } = event.payload;
  if (!target.includeContent) return withoutContent;
  const bounceId = event.payload.ID;
  const content = given ?? state.servers[event.serverId]?.bounces.find((bounce) => bounce.ID === bounceId)?.Content;
  return typeof content === "string" ? { ...withoutContent, Content: content } : withoutContent;
}
