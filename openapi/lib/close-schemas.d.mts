// Types of close-schemas.mjs.
type Json = { [key: string]: unknown };

/**
 * A deep copy of a bundled spec in which every object schema of a response or webhook payload
 * refuses unknown properties; request schemas stay open.
 */
export declare function closeResponseSchemas<T extends Json>(spec: T): T;
