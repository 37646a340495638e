// Answers leave together, once per turn of the event loop: the requests that arrived in one turn are
// answered first, then their answers are written one after the other (setImmediate runs after the
// turn's I/O callbacks). A client on the same machine that waits for several answers, such as a
// test suite sending at once, then wakes once for the batch instead of once per answer. Waking a
// sleeping process is what the writing side pays for in each write, and on a busy mock it cost more
// than a fifth of the CPU of a stored send (the hot-path notes of the repository's bench README). A
// lone request waits for no one: its turn has nothing else to do.
import type { ServerResponse } from "node:http";

export interface AnswerBatch {
  /** Ends the response with this body at the end of the current turn, after its headers were set. */
  end(response: ServerResponse, body: string | Uint8Array): void;
}

/** `failed` hears of an answer that could not be written; its connection is closed, so no client waits on it. */
export function createAnswerBatch(failed: (error: unknown) => void): AnswerBatch {
  let waiting: [ServerResponse, string | Uint8Array][] = [];
  const flush = () => {
    const ending = waiting;
    waiting = [];
    for (const [response, body] of ending) {
      try {
        response.end(body);
      } catch (error) {
        response.destroy();
        failed(error);
      }
    }
  };
  return {
    end(response, body) {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push([response, body]);
    },
  };
}
