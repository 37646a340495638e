// Failures on purpose: the next N requests to Postmark's API that match a method and a path
// pattern get a status, a delay or a dropped connection instead of their usual answer. This
// module decides which request meets which fault; the HTTP adapter carries out delays and drops.
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import type { MockApiSchemas } from "./types.js";

export type Fault = MockApiSchemas["Fault"];
export type FaultRequest = MockApiSchemas["FaultRequest"];

/** What a request that met a fault gets. */
export type FaultAction =
  | { kind: "answer"; status: number; headers: Record<string, string>; body: string }
  | { kind: "delay"; ms: number }
  | { kind: "drop" };

export interface FaultList {
  add(request: FaultRequest): Fault;
  list(): Fault[];
  clear(): void;
  /** the fault the request meets, if any (it counts against the fault's Remaining) */
  take(method: string, path: string): FaultAction | undefined;
}

// The bodies Postmark answers these statuses with, as the spec documents them.
const errorBodies: Record<number, { ErrorCode: number; Message: string }> = {
  429: { ErrorCode: 429, Message: "Rate limit exceeded. Slow down and retry later." },
  500: { ErrorCode: 1, Message: "An internal server error occurred." },
  503: { ErrorCode: 100, Message: "Postmark is down for scheduled maintenance." },
};

interface Waiting {
  fault: Fault;
  method: string;
  pattern: RegExp;
}

/** Faults waiting at once: each request is matched against all of them. */
export const maxFaults = 1_000;

export function createFaultList(): FaultList {
  let waiting: Waiting[] = [];
  let nextId = 1;
  return {
    add(request) {
      if (waiting.length >= maxFaults) throw tooMany();
      const fault = faultOf(request, nextId);
      nextId += 1;
      const method = fault.Method;
      waiting.push({ fault, method, pattern: pathPattern(request.Path) });
      return { ...fault };
    },
    list: () => waiting.map((entry) => ({ ...entry.fault })),
    clear() {
      waiting = [];
    },
    take(method, path) {
      const wanted = method.toUpperCase();
      const entry = waiting.find((candidate) => (candidate.method === "*" || candidate.method === wanted) && candidate.pattern.test(path));
      if (!entry) return undefined;
      entry.fault.Remaining -= 1;
      if (entry.fault.Remaining <= 0) waiting = waiting.filter((candidate) => candidate !== entry);
      return actionOf(entry.fault);
    },
  };
}

function tooMany(): PostmarkError {
  return new PostmarkError(422, errorCodes.invalidFields, `${maxFaults} faults are waiting already; clear them (DELETE /__mock/api/faults) before adding more.`);
}

/** The fault a request asks for, checked, with the ID given. */
function faultOf(request: FaultRequest, id: number): Fault {
  const kinds = [request.Status !== undefined, request.DelayMs !== undefined, request.Drop === true].filter(Boolean).length;
  if (kinds !== 1) throw new PostmarkError(422, errorCodes.invalidFields, "Give exactly one of Status, DelayMs and Drop (true).");
  if (request.RetryAfter !== undefined && request.Status !== 429) throw new PostmarkError(422, errorCodes.invalidFields, "RetryAfter goes with Status 429 only.");
  const method = request.Method.trim().toUpperCase();
  if (!/^(\*|[A-Z]+)$/.test(method)) throw new PostmarkError(422, errorCodes.invalidFields, `Method must be an HTTP method or *, not "${request.Method}".`);
  if (!request.Path.startsWith("/")) throw new PostmarkError(422, errorCodes.invalidFields, `Path must start with /, as ${request.Path.startsWith("*") ? "/**" : `/${request.Path}`} does.`);
  const count = request.Count ?? 1;
  return {
    ID: id,
    Method: method,
    Path: request.Path,
    Count: count,
    Remaining: count,
    ...(request.Status !== undefined ? { Status: request.Status } : {}),
    ...(request.Status === 429 ? { RetryAfter: request.RetryAfter ?? 1 } : {}),
    ...(request.DelayMs !== undefined ? { DelayMs: request.DelayMs } : {}),
    ...(request.Drop === true ? { Drop: true } : {}),
  };
}

/** A fault as the database of several replicas keeps it. */
export type StoredFault = Fault;

/** Where replicas sharing a database keep their faults (postgres/shared-work.ts). */
export interface FaultStore {
  /** the faults with some of their Count left, oldest first */
  load(): Promise<StoredFault[]>;
  /** keeps a new fault; its ID is given by the store */
  insert(fault: StoredFault): Promise<StoredFault>;
  /** takes one of the fault's Count; false when another request took the last one first */
  consume(id: number): Promise<boolean>;
  clear(): Promise<void>;
}

/** Faults as the assembly uses them: in this process (FaultList), or shared by replicas. */
export interface Faults {
  add(request: FaultRequest): Fault | Promise<Fault>;
  list(): Fault[] | Promise<Fault[]>;
  clear(): void | Promise<void>;
  take(method: string, path: string): FaultAction | undefined | Promise<FaultAction | undefined>;
}

/** Faults every replica on one database sees: set on one, met on any, each Count taken once. */
export function createSharedFaultList(store: FaultStore): Faults {
  // Faults come back from the store on every request; their patterns are compiled once each.
  const patterns = new Map<string, RegExp>();
  const patternOf = (path: string): RegExp => {
    let pattern = patterns.get(path);
    if (!pattern) {
      if (patterns.size >= maxFaults) patterns.clear();
      patterns.set(path, (pattern = pathPattern(path)));
    }
    return pattern;
  };
  return {
    async add(request) {
      if ((await store.load()).length >= maxFaults) throw tooMany();
      return store.insert(faultOf(request, 0));
    },
    list: () => store.load(),
    clear: () => store.clear(),
    async take(method, path) {
      const wanted = method.toUpperCase();
      for (const fault of await store.load()) {
        if ((fault.Method !== "*" && fault.Method !== wanted) || !patternOf(fault.Path).test(path)) continue;
        if (await store.consume(fault.ID)) return actionOf(fault);
      }
      return undefined;
    },
  };
}

function actionOf(fault: Fault): FaultAction {
  if (fault.Drop) return { kind: "drop" };
  if (fault.DelayMs !== undefined) return { kind: "delay", ms: fault.DelayMs };
  const status = fault.Status ?? 500;
  const headers: Record<string, string> = status === 429 ? { "retry-after": String(fault.RetryAfter ?? 1) } : {};
  return { kind: "answer", status, headers, body: JSON.stringify(errorBodies[status]) };
}

/**
 * A path pattern as a regular expression: segments compare without regard to case, `*` stands
 * for one segment and `**` for any rest (none included); a trailing slash does not matter.
 */
export function pathPattern(pattern: string): RegExp {
  const segments = pattern.replace(/\/+$/, "").split("/").slice(1);
  let source = "";
  for (const segment of segments) {
    if (segment === "**") {
      source += "(?:/.*)?";
      break;
    }
    source += "/" + (segment === "*" ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
  return new RegExp(`^${source}/?$`, "i");
}
