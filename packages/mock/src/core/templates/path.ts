import type { LoopVariable, ModelPath, PathStep } from "./types.js";

/**
 * Paths that Postmark's engine refuses: three or more dots in a row, any character other than
 * letters, digits, marks, connector punctuation (\w in .NET), ".", "/" and "_", a "/" that does
 * not end a "../", and ".." that is not followed by "/".
 */
const INVALID_PATH = /\.{3,}|[^\p{L}\p{Mn}\p{Nd}\p{Pc}./_]|(?<!\.\.)\/|\.{2,}(?:$|[^/])/u;

/** A path is split into `../` steps and runs of characters between dots. */
const PATH_STEP = /\.\.\/|[^.]+/g;

const LOOP_VARIABLES: ReadonlyMap<string, LoopVariable> = new Map([
  ["@index", "index"],
  ["@first", "first"],
  ["@last", "last"],
]);

export function isValidPath(path: string): boolean {
  return !INVALID_PATH.test(path);
}

export function loopVariableOf(path: string): LoopVariable | undefined {
  return LOOP_VARIABLES.get(path);
}

export function invalidPathMessage(path: string): string {
  return `The path '${path}' is not valid. Please see documentation for examples of valid paths.`;
}

/** Splits a valid path. `this` as the first step stands for the current scope, like `.`. */
export function parsePath(source: string): ModelPath {
  const steps: PathStep[] = [];
  for (const match of source.matchAll(PATH_STEP)) {
    const text = match[0];
    if (text === "../") steps.push({ up: true });
    else if (!(text === "this" && steps.length === 0)) steps.push({ up: false, key: text });
  }
  return { source, steps };
}
