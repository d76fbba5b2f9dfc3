import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import type { Logger } from '@codesync/core';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Env, Hono } from 'hono';
import { basicAuth } from 'hono/basic-auth';

/** Where the BullMQ dashboard lives on the receiver. */
export const DASHBOARD_PATH = '/admin/queues';

export interface DashboardOptions {
  /** Every codesync queue; each becomes one entry in the dashboard's list. */
  queues: readonly Queue[];
  /** HTTP basic-auth credentials (ADMIN_USER / ADMIN_PASSWORD); null leaves it unmounted. */
  credentials: { user: string; password: string } | null;
}

/**
 * Mounts bull-board under `/admin/queues` behind HTTP basic auth. bull-board has no auth of its
 * own and lets a visitor retry or delete jobs, so without credentials it is not mounted at all
 * and the path answers 404; the warning says how to turn it on.
 * The app must be created with `strict: false`, or `/admin/queues/` answers 404.
 */
export function mountQueueDashboard<E extends Env>(
  app: Hono<E>,
  options: DashboardOptions,
  log: Logger,
): void {
  if (!options.credentials) {
    log.warn(
      { path: DASHBOARD_PATH },
      'queue dashboard not mounted: set ADMIN_USER and ADMIN_PASSWORD to enable it',
    );
    return;
  }

  const board = new HonoAdapter(serveStatic);
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'codesync queues', hideDocsLink: true } },
  });
  const { user, password } = options.credentials;
  // The pattern also covers the bare `/admin/queues`.
  app.use(`${DASHBOARD_PATH}/*`, basicAuth({ username: user, password, realm: 'codesync admin' }));
  app.route(DASHBOARD_PATH, board.registerPlugin());
  const queues = options.queues.map((q) => q.name);
  log.info({ path: DASHBOARD_PATH, queues }, 'queue dashboard mounted');
}
