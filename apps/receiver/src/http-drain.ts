import type { Server } from 'node:http';

/** An HTTP server that can be shut down without cutting off the requests it is answering. */
export interface DrainableServer {
  /** Requests received and not yet answered. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets in-flight requests finish and closes each keep-alive
   * socket as soon as it goes idle. Sockets still busy after `graceMs` are destroyed.
   * Resolves once the server is closed; `forced` tells whether any had to be destroyed.
   */
  drain(graceMs: number): Promise<{ forced: boolean }>;
}

/**
 * Tracks a server's in-flight requests from now on. Needed because `server.close()` alone
 * waits for keep-alive sockets to time out: a socket that was answering a request when close
 * began stays open, idle, for the keep-alive timeout (about 5 s) after its answer.
 */
export function drainable(server: Server): DrainableServer {
  let active = 0;
  let closing = false;

  server.on('request', (request, response) => {
    active += 1;
    // Tell a client that sends one more request on a kept-alive socket not to send another.
    if (closing) response.setHeader('Connection', 'close');
    response.once('close', () => {
      active -= 1;
      // The socket becomes idle only after this event has run; close it on the next turn.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });

  return {
    inFlight: () => active,
    drain: (graceMs) =>
      new Promise((resolve) => {
        closing = true;
        let forced = false;
        const deadline = setTimeout(() => {
          forced = true;
          server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearTimeout(deadline);
          resolve({ forced });
        });
        server.closeIdleConnections();
      }),
  };
}
