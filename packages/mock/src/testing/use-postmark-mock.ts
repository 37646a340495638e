// One mock per test file, a server of its own per test. The runner's hooks are taken as arguments
// or found as globals (jest always has them; vitest with `globals: true`), so this module imports
// neither runner.
import { startPostmarkMock, type MockOptions, type RunningMock } from "../http/server.js";
import type { SentMessage, SentMessageFilter } from "../sent.js";

type Hook = (fn: () => unknown, timeout?: number) => void;

/** The hooks of vitest or jest: pass `{ beforeAll, afterAll, beforeEach }` from `vitest`. */
export interface TestHooks {
  beforeAll: Hook;
  afterAll: Hook;
  beforeEach: Hook;
}

export interface UsePostmarkMockOptions extends MockOptions {
  /** the runner's hooks; default: the global ones */
  hooks?: TestHooks;
  /** how long starting the mock may take, in milliseconds (default 30,000) */
  startTimeout?: number;
}

/** The mock of a test file, seen from the test that runs now. */
export interface PostmarkTestMock {
  /** where the mock listens, e.g. `http://127.0.0.1:53211` */
  readonly url: string;
  /** the current test's server token: a new one for every test, so tests see only their own mail */
  readonly token: string;
  /** the mock itself (all servers) */
  readonly mock: RunningMock;
  /** the current test's sent messages that pass the filter, newest first */
  messages(filter?: SentMessageFilter): Promise<SentMessage[]>;
}

function globalHooks(): TestHooks | undefined {
  const scope = globalThis as Partial<TestHooks>;
  return typeof scope.beforeAll === "function" && typeof scope.afterAll === "function" && typeof scope.beforeEach === "function"
    ? { beforeAll: scope.beforeAll, afterAll: scope.afterAll, beforeEach: scope.beforeEach }
    : undefined;
}

/**
 * Starts a local Postmark before the file's tests and stops it after them; gives each test a new
 * server token. Call it at the top level of a test file.
 */
export function usePostmarkMock(options: UsePostmarkMockOptions = {}): PostmarkTestMock {
  const { hooks: given, startTimeout = 30_000, ...mockOptions } = options;
  const hooks = given ?? globalHooks();
  if (!hooks) {
    throw new Error("usePostmarkMock needs the test runner's hooks: pass { hooks: { beforeAll, afterAll, beforeEach } } imported from vitest, or turn on vitest's globals (jest has them).");
  }
  let running: RunningMock | undefined;
  let token: string | undefined;
  let tokens = 0;
  const fileId = crypto.randomUUID().slice(0, 8);
  const mock = (): RunningMock => {
    if (!running) throw new Error("The Postmark mock is not running: use it inside a test, after usePostmarkMock's beforeAll has run.");
    return running;
  };

  hooks.beforeAll(async () => {
    running = await startPostmarkMock(mockOptions);
  }, startTimeout);
  hooks.afterAll(async () => {
    await running?.close();
    running = undefined;
  });
  hooks.beforeEach(() => {
    token = `test-${fileId}-${++tokens}`;
  });

  const currentToken = (): string => {
    if (token === undefined) throw new Error("There is no test token outside a test: read `token` inside a test or a beforeEach.");
    return token;
  };

  return {
    get url() {
      return mock().url;
    },
    get token() {
      return currentToken();
    },
    get mock() {
      return mock();
    },
    // A filter that names a server of its own looks there; otherwise the current test's server.
    messages: (filter = {}) => mock().messages(filter.server !== undefined || filter.token !== undefined ? filter : { ...filter, token: currentToken() }),
  };
}
