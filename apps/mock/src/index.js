// @postmark-openapi/mock: a local Postmark API for development and tests.
export { startMockServer } from "./server.js";
export { createRouter } from "./router.js";
export { defaultSpecPath, loadSpec, operationsOf } from "./spec.js";
