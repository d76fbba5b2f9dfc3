import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@codesync/core';

// Node refuses these before any route runs; answer them in the same JSON shape as the refusal
// table so a sender (or a person with curl) learns what was wrong.
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'request headers exceed 16 KB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'the request was not received in time'],
};

/**
 * Bounds how long a request may take to arrive and answers malformed HTTP with a JSON error and
 * a log line, instead of Node's silent socket close. Deadlines are checked every
 * `connectionsCheckingInterval` of the server, so create it with a short one.
 */
export function hardenHttpServer(server: Server, log: Logger, requestTimeoutMs = 30_000): void {
  // A sender dribbling a body must not hold a connection for Node's default 300 s.
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 10_000);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
      400,
      'bad_request',
      'malformed HTTP request',
    ];
    log.warn({ code, status, reason: error.code ?? error.message }, 'request refused');
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({ error: code, message });
    socket.end(
      `HTTP/1.1 ${status} ${code.replaceAll('_', ' ')}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
