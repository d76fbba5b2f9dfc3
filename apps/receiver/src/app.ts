import type { Logger } from '@codesync/core';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Refusal, REFUSALS, type RefusalCode } from './refusals';
import { createWebhookHandler, type WebhookDeps } from './webhook-handler';

export const WEBHOOK_PATH = '/webhooks/bitbucket';

type Env = { Variables: { deliveryId?: string; eventKey?: string } };

export interface ReceiverDeps extends WebhookDeps {
  /** Answers whether Redis accepts work; used by `GET /ready`. */
  ready: () => Promise<boolean>;
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
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      deliveryId: c.get('deliveryId'),
      eventKey: c.get('eventKey'),
    };
    // Refusals are logged once, with their reason, by onError; this line is for tracing.
    if (status >= 500) log.error(fields, 'request failed');
    else log.debug(fields, 'request handled');
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const ok = await deps.ready().catch(() => false);
    return c.json({ status: ok ? 'ready' : 'unavailable', redis: ok }, ok ? 200 : 503);
  });
  app.post(WEBHOOK_PATH, createWebhookHandler(deps));
  app.all(WEBHOOK_PATH, (c) => refuse('method_not_allowed', `${c.req.method} is not allowed; use POST`));

  app.notFound((c) => refuse('not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof Refusal) {
      log.warn({ code: error.code, reason: error.message, deliveryId: c.get('deliveryId'), eventKey: c.get('eventKey') }, 'webhook refused');
      return refuse(error.code, error.message);
    }
    if (error instanceof HTTPException) return error.getResponse();
    log.error({ err: error.message, stack: error.stack }, 'unexpected error in receiver');
    return Response.json({ error: 'internal', message: 'internal error' }, { status: 500 });
  });
  return app;
}
