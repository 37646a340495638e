// Forwards one request to the upstream as it came (method, target, headers, body bytes) and
// brings its answer back as it went (status, headers, body bytes). Only what belongs to a
// connection rather than to the request changes: hop-by-hop headers, and the Host, which names
// the upstream. Node only.
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** Headers about one connection, which a proxy does not pass on (RFC 9110, 7.6.1). */
const hopByHop = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate"]);

export interface UpstreamAnswer {
  status: number;
  /** as received, in lower case, without hop-by-hop headers */
  headers: IncomingHttpHeaders;
  /** the body bytes as received, still in their content encoding */
  body: Buffer;
}

export class UpstreamError extends Error {}

/** The upstream URL of a request target: the base URL's path (if any) before the target. */
export function upstreamUrl(base: URL, target: string): URL {
  const prefix = base.pathname.replace(/\/+$/, "");
  return new URL(`${base.protocol}//${base.host}${prefix}${target.startsWith("/") ? target : `/${target}`}`);
}

export function forward(base: URL, request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }, options: { timeoutMs: number; maxAnswerBytes: number }): Promise<UpstreamAnswer> {
  const url = upstreamUrl(base, request.url);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  headers["host"] = url.host;
  if (request.body.length > 0 || headers["content-length"] !== undefined) headers["content-length"] = String(request.body.length);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, timeout: options.timeoutMs }, (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxAnswerBytes) {
          incoming.destroy();
          reject(new UpstreamError(`its answer is larger than ${options.maxAnswerBytes / 1024 / 1024} MB`));
          return;
        }
        chunks.push(chunk);
      });
      incoming.on("error", (error) => reject(new UpstreamError(error.message)));
      incoming.on("end", () => {
        const kept: IncomingHttpHeaders = {};
        for (const [name, value] of Object.entries(incoming.headers)) if (!hopByHop.has(name)) kept[name] = value;
        resolve({ status: incoming.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
      });
    });
    outgoing.on("timeout", () => outgoing.destroy(new UpstreamError(`it did not answer within ${options.timeoutMs / 1000} s`)));
    outgoing.on("error", (error) => reject(error instanceof UpstreamError ? error : new UpstreamError((error as NodeJS.ErrnoException).code ?? error.message)));
    outgoing.end(request.body);
  });
}

/** The body as text, decoded from its content encoding; undefined for an encoding this cannot read. */
export function decodeBody(body: Buffer, encoding: string | undefined): string | undefined {
  try {
    switch ((encoding ?? "identity").trim().toLowerCase()) {
      case "identity":
      case "":
        return body.toString("utf8");
      case "gzip":
      case "x-gzip":
        return gunzipSync(body).toString("utf8");
      case "deflate":
        return inflateSync(body).toString("utf8");
      case "br":
        return brotliDecompressSync(body).toString("utf8");
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
