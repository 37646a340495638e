// The published entry point of the mock API client: it resolves through the package's exports,
// carries the generated types, and talks to a running mock.
import { createMockApiClient } from "@postmark-openapi/mock/api-client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { startMockServer } from "./http/server.js";

describe("@postmark-openapi/mock/api-client", () => {
  it("is typed from the mock API document", () => {
    const client = createMockApiClient("http://127.0.0.1:4010");
    // Never called: the compiler checks these calls, nothing is sent.
    const calls = async () => {
      const { data } = await client.GET("/faults");
      expectTypeOf(data?.Faults[0]?.Remaining).toEqualTypeOf<number | undefined>();
      expectTypeOf(data?.Faults[0]?.Status).toEqualTypeOf<429 | 500 | 503 | undefined>();
      // @ts-expect-error not a path of the mock API
      await client.GET("/nope");
      // @ts-expect-error 502 is not a status a fault offers
      await client.POST("/faults", { body: { Method: "GET", Path: "/server", Status: 502 } });
    };
    expect(calls).toBeTypeOf("function");
  });

  it("adds the /__mock/api prefix to the mock's address, with or without a trailing slash", async () => {
    await using mock = await startMockServer({ port: 0, quiet: true });
    for (const base of [mock.url, `${mock.url}/`]) {
      const { data, response } = await createMockApiClient(base).GET("/servers");
      expect(response.url).toBe(`${mock.url}/__mock/api/servers`);
      expect(data).toEqual({ Servers: [] });
    }
  });
});
