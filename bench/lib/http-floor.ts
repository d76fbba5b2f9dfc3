import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../scripts/lib/redis';

// Reads the whole body, then answers 202 with a small JSON body: the least any receiver does.
const SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({ status: 'queued', bytes: Buffer.concat(chunks).length });
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

/** A bare node:http server on loopback, as the floor of what any Node receiver can answer. */
export interface HttpFloor {
  url: string;
  stop(): Promise<void>;
}

export async function startHttpFloor(): Promise<HttpFloor> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: { PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await Promise.race([
    ready,
    sleep(10_000).then(() => Promise.reject(new Error('http floor server did not start'))),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
