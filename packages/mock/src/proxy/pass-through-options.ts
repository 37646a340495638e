// The checks of `--proxy`, `--record` and `--replay` that need nothing started: which go together,
// the upstream's URL, and a replay folder that can be read. The CLI makes them before it loads the
// server, so a refused flag costs no more than starting Node; the server makes them again for
// options given in code. Node only (it lists the folder); light (no server, no spec).
import { OptionError } from "../http/guard.js";
import { listCassetteFiles } from "./cassette-files.js";

export interface PassThroughOptions {
  proxy?: string | undefined;
  recordDir?: string | undefined;
  replayDir?: string | undefined;
}

/** Throws an OptionError naming what is wrong with the options of a mock in `mode`. */
export function checkPassThroughOptions(options: PassThroughOptions, mode: string): void {
  if (options.recordDir !== undefined && options.proxy === undefined) throw new OptionError("--record needs --proxy <base-url>: it records the exchanges with the upstream.");
  if (options.proxy !== undefined && options.replayDir !== undefined) throw new OptionError("Choose one of --proxy and --replay.");
  if ((options.proxy !== undefined || options.replayDir !== undefined) && mode !== "emulator") throw new OptionError(`--${options.proxy !== undefined ? "proxy" : "replay"} cannot be combined with --${mode}.`);
  if (options.proxy !== undefined) parseProxyBase(options.proxy);
  if (options.replayDir !== undefined) listCassetteFiles(options.replayDir);
}

/** The upstream's base URL: http or https, without credentials, query or fragment. */
export function parseProxyBase(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OptionError(`--proxy takes a base URL such as https://api.postmarkapp.com, not ${JSON.stringify(text)}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OptionError(`--proxy takes an http or https URL, not ${JSON.stringify(text)}.`);
  if (url.username || url.password || url.search || url.hash) throw new OptionError(`--proxy takes a base URL without credentials, query or fragment: ${url.protocol}//${url.host}${url.pathname}`);
  return url;
}
