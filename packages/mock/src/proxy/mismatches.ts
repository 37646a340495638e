// What the proxy finds when the real API and the spec disagree, and the bounded list of them that
// the mock API serves (`GET /__mock/api/proxy/mismatches`). Portable: no Node imports.
import type { MockApiSchemas } from "../control/types.js";

export type MismatchKind = MockApiSchemas["ProxyMismatchKind"];
export type Mismatch = MockApiSchemas["ProxyMismatch"];

/** A mismatch as the spec check finds it, before the exchange's facts are added. */
export interface Finding {
  kind: MismatchKind;
  field: string | null;
  message: string;
}

export interface MismatchLog {
  /** the `--proxy` base URL */
  readonly upstream: string;
  add(mismatches: readonly Mismatch[]): void;
  /** newest first */
  list(filter?: { kind?: MismatchKind; operationId?: string }): Mismatch[];
  clear(): void;
}

export function createMismatchLog(upstream: string, limit = 1000): MismatchLog {
  let kept: Mismatch[] = [];
  return {
    upstream,
    add(mismatches) {
      kept.push(...mismatches);
      if (kept.length > limit) kept = kept.slice(kept.length - limit);
    },
    list(filter = {}) {
      return kept.filter((entry) => (filter.kind === undefined || entry.Kind === filter.kind) && (filter.operationId === undefined || entry.OperationId === filter.operationId)).reverse();
    },
    clear() {
      kept = [];
    },
  };
}

/** The text of a log line's note: each mismatch, with the word that marks it. */
export function mismatchNote(findings: readonly Finding[]): string {
  return findings.map((finding) => `mismatch: ${finding.message}`).join("; ");
}
