import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';

/** What the worker's health endpoint reports. */
export interface WorkerHealth {
  /** True while the BullMQ workers are taking jobs, false once shutdown began. */
  running: boolean;
  /** Epoch ms of the last heartbeat Redis accepted, or null. */
  lastHeartbeatAt: number | null;
}

/**
 * The worker's small HTTP surface: `GET /health` for the container healthcheck (200 while its
 * BullMQ workers run, 503 otherwise) and `GET /metrics` for Prometheus. Both unauthenticated.
 */
export function createOpsApp(registry: Registry, health: () => WorkerHealth): Hono {
  const app = new Hono();
  app.get('/health', (c) => {
    const { running, lastHeartbeatAt } = health();
    const lastHeartbeat = lastHeartbeatAt ? new Date(lastHeartbeatAt).toISOString() : null;
    return c.json({ status: running ? 'ok' : 'stopping', lastHeartbeat }, running ? 200 : 503);
  });
  app.get('/metrics', async (c) =>
    c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
  );
  app.notFound((c) =>
    c.json({ error: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }, 404),
  );
  return app;
}

/** A listening ops server. */
export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one); rejects if the port is taken. */
export function listenOps(app: Hono, host: string, port: number): Promise<OpsServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      server.off('error', reject);
      resolve({
        port: info.port,
        // Scrapes are short and nothing else talks to this port: no need to drain.
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on ${host} is in use; set WORKER_METRICS_PORT to a free port (0 picks one)`,
            )
          : error,
      ),
    );
  });
}
