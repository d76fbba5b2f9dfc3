import { signBody, type Logger } from '@codesync/core';
import { describe, expect, it } from 'vitest';
import { createReceiverApp } from '../src/app';
import type { EnqueueJobs } from '../src/enqueue-delivery';
import { REFUSAL_RULES, REFUSALS, type RefusalCode } from '../src/refusals';

const SECRET = 'unit-test-secret';
const PUSH = {
  repository: { full_name: 'acme/widgets' },
  push: {
    changes: [
      { old: null, new: { type: 'branch', name: 'main', target: { hash: 'a'.repeat(40) } } },
    ],
  },
};

interface Logged {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

function captureLogger(lines: Logged[]): Logger {
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) =>
    lines.push({ level, fields, msg });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: () => true,
  } as unknown as Logger;
}

function appWith(enqueue: EnqueueJobs = async () => [{ queue: 'sync', id: '1' }]) {
  const lines: Logged[] = [];
  const app = createReceiverApp({
    secrets: [SECRET],
    maxBodyBytes: 1024,
    lookup: (key) => (key === 'acme/widgets' ? { branch: null } : undefined),
    enqueue,
    ready: async () => true,
    log: captureLogger(lines),
  });
  return { app, lines };
}

function post(body: string | ReadableStream, headers: Record<string, string> = {}): RequestInit {
  const bytes = typeof body === 'string' ? Buffer.from(body) : null;
  return {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Event-Key': 'repo:push',
      ...(bytes ? { 'X-Hub-Signature': signBody(bytes, SECRET) } : {}),
      ...headers,
    },
    ...(bytes ? {} : { duplex: 'half' }),
  } as RequestInit;
}

const json = JSON.stringify(PUSH);
const failingStream = () =>
  new ReadableStream({
    pull(controller) {
      controller.error(new Error('connection reset by peer'));
    },
  });

// One request per refusal code; the last test checks that no code is left untested.
const ROWS: Array<{
  code: RefusalCode;
  path?: string;
  init: () => RequestInit;
  enqueue?: EnqueueJobs;
}> = [
  { code: 'not_found', path: '/webhooks/github', init: () => post(json) },
  { code: 'method_not_allowed', init: () => ({ method: 'GET' }) },
  { code: 'unsupported_content_type', init: () => post(json, { 'Content-Type': 'text/plain' }) },
  { code: 'event_key_missing', init: () => post(json, { 'X-Event-Key': '' }) },
  { code: 'signature_missing', init: () => post(json, { 'X-Hub-Signature': '' }) },
  { code: 'signature_malformed', init: () => post(json, { 'X-Hub-Signature': 'sha256=abc' }) },
  {
    code: 'signature_algorithm_unsupported',
    init: () => post(json, { 'X-Hub-Signature': `sha1=${'a'.repeat(40)}` }),
  },
  {
    code: 'signature_invalid',
    init: () => post(json, { 'X-Hub-Signature': signBody(Buffer.from(json), 'other') }),
  },
  { code: 'body_too_large', init: () => post(' '.repeat(1025)) },
  {
    code: 'body_unreadable',
    init: () => post(failingStream(), { 'X-Hub-Signature': signBody(Buffer.from(json), SECRET) }),
  },
  { code: 'invalid_json', init: () => post('{"push":') },
  { code: 'payload_invalid', init: () => post('{"push": []}') },
  {
    code: 'queue_unavailable',
    init: () => post(json),
    enqueue: async () => {
      throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
    },
  },
];

describe('the table of refusals', () => {
  it.each(ROWS)(
    'answers $code with its status, a JSON body and one actionable log line',
    async (row) => {
      const { app, lines } = appWith(row.enqueue);
      const response = await app.request(row.path ?? '/webhooks/bitbucket', row.init());

      expect(response.status).toBe(REFUSALS[row.code]);
      expect(await response.json()).toEqual({ error: row.code, message: expect.any(String) });
      const refused = lines.filter((line) => line.msg === 'request refused');
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        level: REFUSAL_RULES[row.code].level,
        fields: {
          code: row.code,
          status: REFUSALS[row.code],
          action: REFUSAL_RULES[row.code].action,
        },
      });
    },
  );

  it('has a test row for every code', () => {
    expect(ROWS.map((row) => row.code).sort()).toEqual(Object.keys(REFUSAL_RULES).sort());
  });

  it('keeps 5xx for the one refusal Bitbucket should retry', () => {
    const retried = Object.entries(REFUSALS).filter(([, status]) => status >= 500);
    expect(retried).toEqual([['queue_unavailable', 503]]);
  });

  it('answers a verified delivery for an unconfigured repository 202 ignored, by design', async () => {
    const { app } = appWith();
    const other = JSON.stringify({ ...PUSH, repository: { full_name: 'other/repo' } });
    const response = await app.request('/webhooks/bitbucket', post(other));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      status: 'ignored',
      reason: 'repository_not_configured: other/repo',
    });
  });

  it('never logs the signature, the secret or the body', async () => {
    const { app, lines } = appWith();
    const init = post(json, { 'X-Hub-Signature': signBody(Buffer.from(json), 'other') });
    await app.request('/webhooks/bitbucket', init);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(signBody(Buffer.from(json), 'other').slice(7));
    expect(text).not.toContain('acme/widgets');
  });
});
