// The mock API's view of `--proxy`: the mismatches found between the spec and the upstream's
// answers. Without a proxy the list is empty. Portable: no Node imports.
import type { MismatchLog } from "../proxy/mismatches.js";
import type { MockApiHandlers } from "./mock-api.js";

export function proxyMismatchHandlers(log: MismatchLog | undefined): Pick<MockApiHandlers, "listProxyMismatches" | "clearProxyMismatches"> {
  return {
    listProxyMismatches({ query }) {
      const mismatches = log?.list({ ...(query.kind !== undefined ? { kind: query.kind } : {}), ...(query.operationId !== undefined ? { operationId: query.operationId } : {}) }) ?? [];
      return { status: 200, body: { Upstream: log?.upstream ?? null, TotalCount: mismatches.length, Mismatches: mismatches } };
    },
    clearProxyMismatches() {
      log?.clear();
      return { status: 200, body: { Message: log ? "Cleared the proxy's mismatches." : "Not proxying: there are no mismatches to clear." } };
    },
  };
}
