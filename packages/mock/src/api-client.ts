// A typed client of the mock's own API, generated from api/openapi.yaml (openapi-fetch over the
// generated types), for tests that drive the local Postmark.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./generated/mock-api-types.js";

export type { components as MockApiComponents, operations as MockApiOperations, paths as MockApiPaths };
export type MockApiClient = Client<paths>;

/**
 * A client of the mock API of the local Postmark at `baseUrl` (the mock's own address, such as
 * `http://127.0.0.1:4010`; the `/__mock/api` prefix is added). Calls resolve to openapi-fetch's
 * `{ data, error, response }`.
 */
export function createMockApiClient(baseUrl: string, options: Omit<ClientOptions, "baseUrl"> = {}): MockApiClient {
  return createClient<paths>({ ...options, baseUrl: `${baseUrl.replace(/\/+$/, "")}/__mock/api` });
}
