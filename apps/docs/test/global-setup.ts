// What the docs' test files share, started once per run before the first file and stopped after
// the last: one Chromium for the browser tests (each file connects and opens contexts of its own).
// Anything else that is slow to start and safe to share goes here too, handed to the files with
// `project.provide` and read with `inject`.
export { default } from "@postmark-openapi/browser-testing/vitest-setup";
