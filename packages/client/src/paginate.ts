// Walks every page of a count/offset list operation as one async iterator of items.
import type { PostmarkCore } from "./core.js";
import { PostmarkError } from "./errors.js";
import { pagedOperations, type PagedOperationId } from "./generated/operations.js";
import { callOperation, type OperationInit, type OperationResult } from "./operation.js";
import { pathWithParams } from "./request.js";

type PagingParamName = "count" | "offset" | "Count" | "Offset";
type Params<K extends PagedOperationId> = OperationInit<K> extends { params?: infer P } ? NonNullable<P> : never;
type Query<K extends PagedOperationId> = Params<K> extends { query?: infer Q } ? NonNullable<Q> : never;
type ItemsField<K extends PagedOperationId> = (typeof pagedOperations)[K]["itemsField"];

/** One item of a paged operation's list, such as a Bounce for `listBounces`. */
export type PageItem<K extends PagedOperationId> =
  NonNullable<OperationResult<K>> extends infer Page
    ? ItemsField<K> extends keyof Page
      ? NonNullable<Page[ItemsField<K>]> extends readonly (infer Item)[]
        ? Item
        : never
      : never
    : never;

/** The operation's init without count and offset, which the iterator sets itself. */
export type PaginateInit<K extends PagedOperationId> = Omit<OperationInit<K>, "params"> & {
  params?: Omit<Params<K>, "query"> & { query?: Omit<Query<K>, PagingParamName> };
};

export interface PaginateOptions {
  /** Records per request, 1 to 500. Default 500. */
  pageSize?: number;
  /**
   * What to do when a search matches more records than Postmark lets it reach (10,000 for bounce and
   * message searches): `"throw"` (the default) throws a PaginationLimitError after the last reachable
   * item; `"stop"` ends the iteration quietly.
   */
  onLimit?: "throw" | "stop";
}

/** A search matched more records than Postmark lets it page through. Narrow it (by date, say) to see the rest. */
export class PaginationLimitError extends PostmarkError {
  override name = "PaginationLimitError";
  readonly totalCount: number;
  readonly reached: number;

  constructor(operationId: string, method: string, path: string, totalCount: number, reached: number) {
    super({
      operationId,
      method,
      path,
      status: 0,
      errorCode: undefined,
      message: `${operationId} matched ${totalCount} records but Postmark serves only the first ${reached} of a search. Narrow the search (for example with fromdate/todate) to reach the rest, or pass { onLimit: "stop" } to stop quietly.`,
    });
    this.totalCount = totalCount;
    this.reached = reached;
  }
}

export async function* paginate<K extends PagedOperationId>(
  client: PostmarkCore,
  operationId: K,
  init?: PaginateInit<K>,
  options: PaginateOptions = {},
): AsyncGenerator<PageItem<K>, void, undefined> {
  const paging = pagedOperations[operationId];
  const operation = { ...paging, withParams: pathWithParams };
  const pageSize = options.pageSize ?? paging.maxCount;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > paging.maxCount) {
    throw new RangeError(`pageSize must be an integer from 1 to ${paging.maxCount}`);
  }
  const reach: number = paging.maxReach ?? Number.POSITIVE_INFINITY;
  const params = (init?.params ?? {}) as { query?: Record<string, unknown> };
  let offset = 0;
  let total = Number.POSITIVE_INFINITY;
  while (offset < total && offset < reach) {
    const count = Math.min(pageSize, reach - offset);
    const query = { ...params.query, [paging.countParam]: count, [paging.offsetParam]: offset };
    const page = (await callOperation(client, operation, { ...init, params: { ...params, query } })) as Record<string, unknown>;
    const items = (page[paging.itemsField] ?? []) as PageItem<K>[];
    total = typeof page.TotalCount === "number" ? page.TotalCount : 0;
    yield* items;
    // A short or empty page means the records ran out (they can change between pages).
    if (items.length < count) return;
    offset += items.length;
  }
  if (total > offset && options.onLimit !== "stop") {
    throw new PaginationLimitError(operationId, paging.method, paging.path, total, offset);
  }
}
