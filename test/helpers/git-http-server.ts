import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A loopback git server whose answers can be slowed down or held back. */
export interface GitHttpServer {
  /** CODESYNC_GIT_URL for the repositories under the served root. */
  urlTemplate: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Each request waits this long before git answers it. */
  delayMs: number;
  /** While true, requests wait until `release()` (a remote that stopped answering). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

const HTTP_BACKEND = path.join(
  execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(),
  'git-http-backend',
);

/**
 * Serves the bare repositories under `root` over git's smart HTTP protocol, by running
 * `git http-backend` as a CGI program per request, on 127.0.0.1 only. Lets shutdown tests
 * make a sync slow or stuck at a point they control.
 */
export async function startGitHttpServer(root: string): Promise<GitHttpServer> {
  let requests = 0;
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  const state = { delayMs: 0 };

  const server = http.createServer(async (req, res) => {
    requests += 1;
    if (gate) await gate.promise;
    if (state.delayMs > 0) await sleep(state.delayMs);
    runBackend(root, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const release = () => {
    gate?.open();
    gate = null;
  };
  return {
    urlTemplate: `http://127.0.0.1:${port}/{repo}.git`,
    get requests() {
      return requests;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    hold: () => {
      if (gate) return;
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release,
    close: async () => {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function runBackend(root: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const child = spawn(HTTP_BACKEND, [], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_ADDR: '127.0.0.1',
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  req.pipe(child.stdin);
  child.on('error', () => res.destroy());

  // CGI output: header lines, a blank line, then the body to stream through.
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headerDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else if (name) res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.stdout.on('end', () => res.end());
}
