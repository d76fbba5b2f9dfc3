import type { WorkerHeartbeat } from '@codesync/core';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ReceiverMetrics } from './metrics';
import { mountQueueDashboard, type DashboardOptions } from './queue-dashboard';
import { Refusal, REFUSALS, type RefusalCode } from './refusals';
import { createWebhookHandler, type WebhookDeps, type WebhookEnv } from './webhook-handler';

export const WEBHOOK_PATH = '/webhooks/bitbucket';

const PROBE_PATHS = new Set(['/health', '/ready', '/metrics']);

type Env = WebhookEnv;

export interface ReceiverDeps extends WebhookDeps {
  /** Answers whether Redis accepts work; used by `GET /ready`. */
  ready: () => Promise<boolean>;
  /** Workers with a live heartbeat; when given, `GET /ready` also needs at least one. */
  workers?: () => Promise<WorkerHeartbeat[]>;
  /** Served at `GET /metrics` (unauthenticated); without it the route does not exist. */
  metrics?: ReceiverMetrics;
  /** The BullMQ dashboard at `/admin/queues`; without it nothing is mounted there. */
  dashboard?: DashboardOptions;
}

function refuse(code: RefusalCode, message: string): Response {
  return Response.json({ error: code, message }, { status: REFUSALS[code] });
}

/** The receiver's HTTP app: the webhook endpoint, health probes and one table of refusals. */
export function createReceiverApp(deps: ReceiverDeps): Hono<Env> {
  const app = new Hono<Env>({ strict: false });
  const { log } = deps;

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    // Below debug only failed requests are written; skip building the line for the rest.
    if (status < 500 && !log.isLevelEnabled('debug')) return;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      deliveryId: c.get('deliveryId'),
      eventKey: c.get('eventKey'),
      jobIds: c.get('jobIds'),
    };
    // Refusals are logged once, with their reason, by onError; this line is for tracing.
    // Probes answer 503 by design while a dependency is down; that is not a failed request.
    if (PROBE_PATHS.has(fields.path)) log.debug(fields, 'probe answered');
    else if (status >= 500) log.error(fields, 'request failed');
    else log.debug(fields, 'request handled');
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const redis = await deps.ready().catch(() => false);
    const workers = redis && deps.workers ? await deps.workers().catch(() => []) : [];
    const workerless = Boolean(deps.workers) && workers.length === 0;
    const problem = !redis ? 'redis unreachable' : workerless ? 'no live worker' : null;
    const body = { status: problem ? 'unavailable' : 'ready', redis, workers };
    return c.json(problem ? { ...body, problem } : body, problem ? 503 : 200);
  });
  if (deps.metrics) {
    const { registry } = deps.metrics;
    app.get('/metrics', async (c) =>
      c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
    );
  }
  if (deps.dashboard) mountQueueDashboard(app, deps.dashboard, log);
  app.post(WEBHOOK_PATH, instrumentedWebhook(deps));
  // Thrown rather than returned, so that onError logs them like every other refusal.
  app.all(WEBHOOK_PATH, (c) => {
    throw new Refusal('method_not_allowed', `${c.req.method} is not allowed; use POST`);
  });

  app.notFound((c) => {
    throw new Refusal('not_found', `no route for ${c.req.method} ${c.req.path}`);
  });
  app.onError((error, c) => {
    if (error instanceof Refusal) {
      const { level, status, action } = error.rule;
      const fields = {
        code: error.code,
        status,
        reason: error.message,
        action,
        deliveryId: c.get('deliveryId'),
        eventKey: c.get('eventKey'),
      };
      log[level](fields, 'request refused');
      return refuse(error.code, error.message);
    }
    if (error instanceof HTTPException) return error.getResponse();
    log.error({ err: error.message, stack: error.stack }, 'unexpected error in receiver');
    return Response.json({ error: 'internal', message: 'internal error' }, { status: 500 });
  });
  return app;
}

/**
 * The webhook handler, counted: each answer becomes one delivery with its outcome (`queued`,
 * `ignored`, `ping` or the refusal code) and enqueueing is timed.
 */
function instrumentedWebhook(deps: ReceiverDeps) {
  const { metrics } = deps;
  const handle = createWebhookHandler(
    metrics ? { ...deps, enqueue: (jobs) => metrics.timeEnqueue(() => deps.enqueue(jobs)) } : deps,
  );
  if (!metrics) return handle;
  return async (c: Context<Env>): Promise<Response> => {
    try {
      const response = await handle(c);
      metrics.delivery(c.get('eventKey'), c.get('outcome') ?? `status_${response.status}`);
      return response;
    } catch (error) {
      const code = error instanceof Refusal ? error.code : 'error';
      metrics.delivery(c.get('eventKey'), code);
      if (code.startsWith('signature_')) metrics.signatureFailure(code.slice('signature_'.length));
      throw error;
    }
  };
}
