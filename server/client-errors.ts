import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { apiDialect } from "./dialects/api.ts";
import { unknownMethodAnswer, type RawAnswer } from "./http.ts";
import { failure } from "./operations/errors.ts";

/** The protocol limits the answers name; startReferenceServer gives the node:http server the same. */
export interface ProtocolLimits {
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/** How long an answered connection may stay open for the client to read the answer and close. */
const lingerMs = 2000;

/** A request line whose method is a valid token, just not one Node's parser knows (`BREW / HTTP/1.1`). */
const requestLine = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([^\s]+) HTTP\/1\.[01]\r?\n/;

type ParseError = Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number };

/**
 * The request line of the request the parser refused. The packet may hold earlier pipelined requests, and
 * the parser stops inside the method, so the line starts after the last line break before that point.
 */
function refusedRequestLine(error: ParseError): RegExpExecArray | null {
  const packet = error.rawPacket ?? Buffer.alloc(0);
  const stop = Math.min(error.bytesParsed ?? 0, packet.length);
  const start = packet.lastIndexOf(0x0a, stop === 0 ? 0 : stop - 1) + 1;
  return requestLine.exec(packet.subarray(start, start + 8192).toString("latin1"));
}

function invalidRequest(status: number, id: string, text: string): RawAnswer {
  const error = failure("invalid_request", id, text);
  return { status, headers: {}, body: apiDialect.errorBody(error.kind, error.messages) };
}

/** The answer to a request Node's HTTP parser refused or timed out, in the dialect-neutral (`api`) error shape. */
function answerFor(error: ParseError, limits: ProtocolLimits): RawAnswer {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return invalidRequest(
        431,
        "request.headers_too_large",
        `The request line and headers are larger than ${limits.maxHeaderBytes} bytes.`,
      );
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return invalidRequest(413, "request.chunk_extensions_too_large", "The chunk extensions are too large.");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return invalidRequest(
        408,
        "request.timeout",
        `The request did not arrive in time: headers are due within ${limits.headersTimeoutMs / 1000} s, ` +
          `the whole request within ${limits.requestTimeoutMs / 1000} s.`,
      );
    case "HPE_INVALID_METHOD": {
      const line = refusedRequestLine(error);
      if (line?.[1] !== undefined && line[2] !== undefined) return unknownMethodAnswer(line[1], line[2]);
      break;
    }
  }
  // llhttp's reasons are fixed texts ("Duplicate Content-Length"), never request bytes.
  const reason = error.message.replace(/^Parse Error: /, "");
  return invalidRequest(400, "request.malformed_http", `The request is not valid HTTP/1.1: ${reason}.`);
}

function serialize(answer: RawAnswer): string {
  const body = JSON.stringify(answer.body);
  const headers = {
    ...answer.headers,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    date: new Date().toUTCString(),
    // The parser cannot resume after a refused request, so the connection ends with this answer.
    connection: "close",
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ""}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * The server's `clientError` listener: answers malformed HTTP, oversized headers and slow requests with a
 * JSON error body where Node would send an empty one, then closes the connection. An earlier pipelined
 * request that is still being answered gets its answer first; when the refused request is the one being
 * answered (a body too slow or malformed) and that answer has started, the connection is only closed.
 */
export function createClientErrorListener(limits: ProtocolLimits): (error: Error, socket: Duplex) => void {
  // The parser reports every later chunk of a refused connection again; only the first gets an answer.
  const answered = new WeakSet<Duplex>();
  return (error, socket) => {
    if (answered.has(socket)) return;
    // Node's own bookkeeping of the response in progress on this connection, as its default listener reads it.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
    const refusedInFlight = inFlight !== undefined && !inFlight.req.complete;
    const code = (error as { code?: string }).code;
    if (code === "ECONNRESET" || !socket.writable || (refusedInFlight && inFlight.headersSent)) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const text = serialize(answerFor(error, limits));
    const answer = () => {
      // An earlier answer may have ended the connection itself (Connection: close).
      if (!socket.writable) return void socket.destroy();
      socket.end(text);
      setTimeout(() => socket.destroy(), lingerMs).unref();
    };
    if (inFlight === undefined || refusedInFlight) answer();
    else inFlight.once("finish", answer);
  };
}
