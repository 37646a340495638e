// Types of fold-names.mjs.
type Json = { [key: string]: unknown };

/**
 * Rewrites a body's field names to the spec's spelling, at every depth, ignoring case; lists the
 * paths of fields the schema does not name.
 */
export declare function foldFieldNames(spec: Json, schema: unknown, value: unknown): { value: unknown; ignored: string[] };
