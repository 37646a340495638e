// The parts of an OpenAPI 3.1 document that the tools read, typed loosely: every object may carry
// more keys than listed, and any place that allows one may hold a `$ref` instead.

export interface Reference {
  $ref: string;
}

export type MaybeRef<T> = T | Reference;

export interface SchemaObject {
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, MaybeRef<SchemaObject>>;
  items?: MaybeRef<SchemaObject>;
  required?: string[];
  enum?: unknown[];
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  [key: string]: unknown;
}

export interface ExampleObject {
  summary?: string;
  description?: string;
  value?: unknown;
  [key: string]: unknown;
}

export interface MediaTypeObject {
  schema?: MaybeRef<SchemaObject>;
  example?: unknown;
  examples?: Record<string, MaybeRef<ExampleObject>>;
  [key: string]: unknown;
}

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  schema?: MaybeRef<SchemaObject>;
  example?: unknown;
  examples?: Record<string, MaybeRef<ExampleObject>>;
  [key: string]: unknown;
}

export interface RequestBodyObject {
  description?: string;
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

export interface ResponseObject {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: MaybeRef<ParameterObject>[];
  requestBody?: MaybeRef<RequestBodyObject>;
  responses?: Record<string, MaybeRef<ResponseObject>>;
  security?: SecurityRequirement[];
  [key: string]: unknown;
}

export const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export type HttpMethod = (typeof httpMethods)[number];

export type PathItemObject = { [method in HttpMethod]?: OperationObject } & {
  summary?: string;
  description?: string;
  parameters?: MaybeRef<ParameterObject>[];
};

export interface TagObject {
  name: string;
  description?: string;
  [key: string]: unknown;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  tags?: TagObject[];
  paths: Record<string, PathItemObject>;
  webhooks?: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, MaybeRef<SchemaObject>>;
    parameters?: Record<string, MaybeRef<ParameterObject>>;
    responses?: Record<string, MaybeRef<ResponseObject>>;
    examples?: Record<string, MaybeRef<ExampleObject>>;
    securitySchemes?: Record<string, { type: string; name?: string; in?: string; description?: string; [key: string]: unknown }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
