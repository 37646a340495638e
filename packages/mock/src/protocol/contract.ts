// The shape of a handler of a spec's operation, read from its generated contract: the call it is
// given (path parameters, query, body and headers as the front bound them) and the answers it may
// give (one per documented status). Postmark's API and the mock's own API are both served by
// handlers of this shape; a table of them is checked with `satisfies` against the whole contract,
// so an operation added to a spec fails the build until something answers it.

/** What every generated contract entry holds (see @postmark-openapi/spec/contracts). */
export interface ContractEntry {
  method: string;
  path: string;
  tag: string | null;
  security: string | null;
  pathParams: unknown;
  query: unknown;
  header: unknown;
  body: unknown;
  bodyRequired: boolean;
  success: number;
  responses: Record<number, unknown>;
}

/**
 * A value as the front hands it over: the spec lets optional fields be null, but the front reads
 * null as "not given" and leaves such fields out, so no field of a bound value is null.
 */
export type Bound<T> = T extends null ? never : T extends readonly (infer Item)[] ? Bound<Item>[] : T extends object ? { [K in keyof T]: Bound<T[K]> } : T;

/** `never` (no such parameters) becomes an empty record. */
type OrEmpty<T> = [T] extends [never] ? Record<string, never> : Bound<T>;

/** The request an operation's handler is given, once the front has routed, bound and checked it. */
export interface BoundRequest<Entry extends ContractEntry> {
  /** path parameters, integers as numbers */
  pathParams: OrEmpty<Entry["pathParams"]>;
  /** query parameters spelled as in the spec, coerced to the spec's types */
  query: OrEmpty<Entry["query"]>;
  /** the JSON body, bound (undefined when the operation takes none, or an optional one was left out) */
  body: [Entry["body"]] extends [never] ? undefined : Entry["bodyRequired"] extends true ? Bound<Entry["body"]> : Bound<Entry["body"]> | undefined;
  /** request headers, names in lower case */
  headers: Readonly<Record<string, string | undefined>>;
}

/** The body of one media type of an answer. */
type MediaBody<Content> = Content extends { "application/json": infer Json } ? Json : Content extends Record<string, infer Other> ? Other : undefined;

/** One answer an operation documents: its status, and the body (and headers) that status takes. */
export type DocumentedAnswer<Entry extends ContractEntry> = {
  [Status in keyof Entry["responses"] & number]: { status: Status; body: MediaBody<Entry["responses"][Status]>; headers?: Record<string, string> };
}[keyof Entry["responses"] & number];

/** The success answer of an operation. */
export type SuccessAnswer<Entry extends ContractEntry> = Extract<DocumentedAnswer<Entry>, { status: Entry["success"] }>;
