// The sending rules of the local Postmark: pure functions, free of Node built-ins, so the
// emulator can run them behind the HTTP server, in a browser or inside MSW alike.
export * from "./addresses.js";
export * from "./bounce-types.js";
export * from "./checks.js";
export * from "./rule-errors.js";
export * from "./limits.js";
export * from "./links.js";
export * from "./mime.js";
export type * from "./types.js";
