/**
 * The hostile and malformed deliveries the receiver must refuse (or answer harmlessly), one row
 * per attack. Every row is sent to a live deployment by `deliveries.test.ts`, which checks the
 * exact answer and that nothing was queued or written.
 */
import os from 'node:os';
import path from 'node:path';
import { signBody } from '@codesync/core';
import { TEST_SECRET } from '../helpers/stack';
import {
  FORGED_SIGNATURE,
  loadFixture,
  signed,
  signedBytes,
  signedEdit,
  signedWithBody,
  withSignature,
  type Delivery,
} from './helpers/deliveries';
import { chunkedBody, endlessBody, type RawRequest } from './helpers/http';

/** Appears in every value that tries to make git or a shell write a file. */
export const MARK = `codesync-pwned-${process.pid}-${Date.now().toString(36)}`;
/** Where an injected command would write, if one ever ran. */
export const MARK_FILE = path.join(os.tmpdir(), MARK);

export interface Attack {
  name: string;
  send: () => RawRequest;
  status: number;
  /** The refusal code of the JSON body; absent for answers that are not refusals. */
  error?: string;
  /** Fields the answer must have, for non-refusals; null when Node's HTTP parser answers. */
  answer?: Record<string, unknown> | null;
}

const PUSH = 'cloud-push-main';
const DC_PUSH = 'dc-refs-changed';
const CLOUD_PR = 'cloud-pr-created';
const DC_PR = 'dc-pr-opened';
const pushBody = () => Buffer.from(JSON.stringify(loadFixture(PUSH).body));
const pushSignature = () => signBody(pushBody(), TEST_SECRET);
const digest = () => pushSignature().slice('sha256='.length);

function post(delivery: Delivery, extra: Partial<RawRequest> = {}): RawRequest {
  return { headers: delivery.headers, body: delivery.body, ...extra };
}

function headersEdited(edit: (headers: Record<string, string>) => void): RawRequest {
  const delivery = signed(loadFixture(PUSH));
  edit(delivery.headers);
  return post(delivery);
}

function withoutHeader(name: string) {
  return headersEdited((headers) => {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
  });
}

function pushSignedWith(signature: string | null): RawRequest {
  return post(withSignature(PUSH, signature));
}

function bodyEdited(edit: (body: Buffer) => Buffer): RawRequest {
  const delivery = signed(loadFixture(PUSH));
  return post({ ...delivery, body: edit(delivery.body) });
}

function signedRaw(text: string | Buffer, fixture = PUSH): RawRequest {
  return post(
    signedBytes(loadFixture(fixture).headers, Buffer.isBuffer(text) ? text : Buffer.from(text)),
  );
}

const refused = (name: string, status: number, error: string, send: () => RawRequest): Attack => ({
  name,
  send,
  status,
  error,
});
const invalid = (name: string, fixture: string, edit: (body: any) => void): Attack =>
  refused(name, 400, 'payload_invalid', () => post(signedEdit(fixture, edit)));
const shaped = (name: string, fixture: string, body: unknown): Attack =>
  refused(name, 400, 'payload_invalid', () => post(signedWithBody(fixture, body)));

// ---- the envelope: method, path, content type, event key -------------------------------------

// A validly signed push, sent with something else about the request changed.
const validPush = (extra: Partial<RawRequest>) => () => ({
  ...post(signed(loadFixture(PUSH))),
  ...extra,
});
const method = (verb: string) => () => ({ method: verb });
const contentType = (value: string) => () => headersEdited((h) => (h['Content-Type'] = value));

const ENVELOPE: Attack[] = [
  refused('GET on the webhook path', 405, 'method_not_allowed', method('GET')),
  refused('PUT of a validly signed push', 405, 'method_not_allowed', validPush({ method: 'PUT' })),
  refused(
    'PATCH of a validly signed push',
    405,
    'method_not_allowed',
    validPush({ method: 'PATCH' }),
  ),
  refused('DELETE on the webhook path', 405, 'method_not_allowed', method('DELETE')),
  refused('OPTIONS preflight on the webhook path', 405, 'method_not_allowed', method('OPTIONS')),
  refused(
    'validly signed push to another path',
    404,
    'not_found',
    validPush({ path: '/webhooks/github' }),
  ),
  refused(
    'validly signed push below the webhook path',
    404,
    'not_found',
    validPush({ path: '/webhooks/bitbucket/x' }),
  ),
  refused(
    'encoded traversal in the path',
    404,
    'not_found',
    validPush({ path: '/webhooks/bitbucket/..%2f..%2fadmin' }),
  ),
  refused('no Content-Type', 415, 'unsupported_content_type', () => withoutHeader('content-type')),
  refused('Content-Type text/plain', 415, 'unsupported_content_type', contentType('text/plain')),
  refused(
    'form-encoded body',
    415,
    'unsupported_content_type',
    contentType('application/x-www-form-urlencoded'),
  ),
  refused(
    'multipart body',
    415,
    'unsupported_content_type',
    contentType('multipart/form-data; boundary=x'),
  ),
  refused(
    'look-alike JSON media type',
    415,
    'unsupported_content_type',
    contentType('application/json-seq'),
  ),
  refused('no X-Event-Key', 400, 'event_key_missing', () => withoutHeader('x-event-key')),
  refused('empty X-Event-Key', 400, 'event_key_missing', () =>
    headersEdited((h) => (h['X-Event-Key'] = '')),
  ),
];

// ---- HTTP itself: refused by Node's parser before the app sees the request -----------------

const HTTP_LEVEL: Attack[] = [
  {
    name: 'Content-Length together with Transfer-Encoding (request smuggling)',
    send: () => {
      const request = post(signed(loadFixture(PUSH)));
      return { ...request, headers: { ...request.headers, 'Transfer-Encoding': 'chunked' } };
    },
    status: 400,
    answer: null,
  },
  {
    name: 'headers over 16 KB',
    send: () => headersEdited((h) => (h['X-Padding'] = 'x'.repeat(20 * 1024))),
    status: 431,
    answer: null,
  },
];

// ---- the signature ------------------------------------------------------------------------------

const header = (value: string | null) => () => pushSignedWith(value);
const extraHeaders = (headers: Record<string, string | string[]>) => () => {
  const request = pushSignedWith(null);
  return { ...request, headers: { ...request.headers, ...headers } };
};
const signedBy = (secret: string) => header(signBody(pushBody(), secret));
const missing = (name: string, send: () => RawRequest) =>
  refused(name, 401, 'signature_missing', send);
const malformed = (name: string, value: () => string) =>
  refused(name, 400, 'signature_malformed', () => pushSignedWith(value()));
const unsupported = (name: string, value: () => string) =>
  refused(name, 400, 'signature_algorithm_unsupported', () => pushSignedWith(value()));
const forged = (name: string, send: () => RawRequest) =>
  refused(name, 401, 'signature_invalid', send);
const basicAuth = () => `Basic ${Buffer.from(`bitbucket:${TEST_SECRET}`).toString('base64')}`;
const otherBody = () => Buffer.from(JSON.stringify(loadFixture('cloud-push-forced').body));

const SIGNATURES: Attack[] = [
  missing('unsigned push', header(null)),
  missing('empty signature header', header('')),
  missing('GitHub-style X-Hub-Signature-256 only', () =>
    extraHeaders({ 'X-Hub-Signature-256': pushSignature() })(),
  ),
  missing('basic auth instead of a signature', () =>
    extraHeaders({ Authorization: basicAuth() })(),
  ),
  malformed('sha256= without a digest', () => 'sha256='),
  malformed('digest truncated by one hex digit', () => pushSignature().slice(0, -1)),
  malformed('digest one hex digit too long', () => `${pushSignature()}0`),
  malformed('digest that is not hex', () => `sha256=${'z'.repeat(64)}`),
  malformed('digest without an algorithm', digest),
  malformed('space instead of "="', () => `sha256 ${digest()}`),
  malformed("the fixtures' COMPUTE placeholder", () => 'COMPUTE'),
  refused('signature header sent twice', 400, 'signature_malformed', () =>
    extraHeaders({ 'X-Hub-Signature': [pushSignature(), pushSignature()] })(),
  ),
  unsupported('sha1 signature', () => `sha1=${'a'.repeat(40)}`),
  unsupported('sha512 signature', () => `sha512=${'a'.repeat(128)}`),
  unsupported('md5 signature', () => `md5=${'a'.repeat(32)}`),
  unsupported('correct digest under the sha384 label', () => `sha384=${digest()}`),
  forged('well-formed forged signature', header(FORGED_SIGNATURE)),
  forged('signature of another body', () => pushSignedWith(signBody(otherBody(), TEST_SECRET))),
  forged('signed with an unknown secret', signedBy('guessed-secret')),
  forged(
    'signed with the whole comma-separated secret list',
    signedBy(`${TEST_SECRET},rotated-secret-2`),
  ),
  forged('signed with the secret plus a trailing space', signedBy(`${TEST_SECRET} `)),
  forged('signed with the secret in upper case', signedBy(TEST_SECRET.toUpperCase())),
  forged('body re-indented after signing', () =>
    bodyEdited((body) => Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))),
  ),
  forged('body truncated after signing', () =>
    bodyEdited((body) => body.subarray(0, body.length - 10)),
  ),
  forged('one byte appended after signing', () =>
    bodyEdited((body) => Buffer.concat([body, Buffer.from(' ')])),
  ),
  forged('signature of the empty body', () =>
    pushSignedWith(signBody(Buffer.alloc(0), TEST_SECRET)),
  ),
  forged('repository swapped after signing', () =>
    bodyEdited((body) => Buffer.from(body.toString().replace('"acme/widgets"', '"acme/gadgets"'))),
  ),
  forged('signed Data Center ping with a forged signature', () =>
    post(withSignature('dc-diagnostics-ping', FORGED_SIGNATURE)),
  ),
];

// ---- size -------------------------------------------------------------------------------------

const SIZES: Attack[] = [
  refused('declared Content-Length over the limit', 413, 'body_too_large', () => ({
    headers: {
      ...withSignature(PUSH, FORGED_SIGNATURE).headers,
      'Content-Length': String(64 * 1024 * 1024),
    },
    body: chunkedBody(1024),
  })),
  refused('chunked body over the limit', 413, 'body_too_large', () => ({
    headers: withSignature(PUSH, FORGED_SIGNATURE).headers,
    body: chunkedBody(3 * 1024 * 1024),
  })),
  refused('endless chunked body', 413, 'body_too_large', () => ({
    headers: withSignature(PUSH, FORGED_SIGNATURE).headers,
    body: endlessBody(1024 * 1024),
  })),
];

// ---- signed bytes that are not JSON -----------------------------------------------------------

const notJson = (name: string, bytes: () => string | Buffer) =>
  refused(name, 400, 'invalid_json', () => signedRaw(bytes()));

const NOT_JSON: Attack[] = [
  notJson('signed body that is not JSON', () => 'push main please'),
  notJson('signed truncated JSON', () => pushBody().subarray(0, 200)),
  notJson('signed empty body', () => ''),
  notJson('signed JSON behind a byte-order mark', () =>
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), pushBody()]),
  ),
  notJson('signed bytes that are not UTF-8', () => Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d])),
  notJson('signed JSON with a trailing comma', () => '{"push": {"changes": []},}'),
  notJson('signed JSON with NaN', () => '{"push": NaN}'),
];

// ---- signed JSON of the wrong shape, for every event family -----------------------------------

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const SHAPES: Attack[] = [
  shaped('repo:push whose body is null', PUSH, null),
  shaped('repo:push whose body is an array', PUSH, []),
  shaped('repo:push whose body is a string', PUSH, 'push'),
  shaped('repo:push whose body is a number', PUSH, 42),
  shaped('repo:push whose body is empty', PUSH, {}),
  invalid(
    'repo:push whose changes are an object',
    PUSH,
    (b) => (b.push.changes = { 0: b.push.changes[0] }),
  ),
  invalid('repo:push change with neither old nor new', PUSH, (b) =>
    Object.assign(b.push.changes[0], { old: null, new: null }),
  ),
  invalid(
    'repo:push whose new hash is a number',
    PUSH,
    (b) => (b.push.changes[0].new.target.hash = 0xc0ffee),
  ),
  invalid('repo:push whose ref has no name', PUSH, (b) => delete b.push.changes[0].new.name),
  invalid('repo:push whose full_name is a number', PUSH, (b) => (b.repository.full_name = 7)),
  invalid('repo:push without repository', PUSH, (b) => delete b.repository),
  invalid('repo:push smuggling the repository through __proto__', PUSH, (b) => {
    b.repository = JSON.parse('{"__proto__": {"full_name": "acme/widgets"}}');
  }),
  refused('repo:push nested 100 000 levels deep', 400, 'payload_invalid', () =>
    signedRaw(deep(100_000)),
  ),
  shaped('repo:refs_changed whose body is empty', DC_PUSH, {}),
  invalid('repo:refs_changed without changes', DC_PUSH, (b) => delete b.changes),
  invalid(
    'repo:refs_changed with change type MERGE',
    DC_PUSH,
    (b) => (b.changes[0].type = 'MERGE'),
  ),
  invalid('repo:refs_changed without toHash', DC_PUSH, (b) => delete b.changes[0].toHash),
  invalid('repo:refs_changed whose ref is null', DC_PUSH, (b) => (b.changes[0].ref = null)),
  invalid('repo:refs_changed without project', DC_PUSH, (b) => delete b.repository.project),
  shaped('pullrequest:created whose body is empty', CLOUD_PR, {}),
  invalid('pullrequest:created with a string id', CLOUD_PR, (b) => (b.pullrequest.id = '42')),
  invalid('pullrequest:created with id 0', CLOUD_PR, (b) => (b.pullrequest.id = 0)),
  invalid('pullrequest:created with a fractional id', CLOUD_PR, (b) => (b.pullrequest.id = 4.2)),
  refused('pullrequest:created with an id too large for JSON numbers', 400, 'payload_invalid', () =>
    signedRaw(
      JSON.stringify(loadFixture(CLOUD_PR).body).replace('"id":42', '"id":1e400'),
      CLOUD_PR,
    ),
  ),
  invalid(
    'pullrequest:created with an unknown state',
    CLOUD_PR,
    (b) => (b.pullrequest.state = 'HACKED'),
  ),
  invalid(
    'pullrequest:created dated "yesterday"',
    CLOUD_PR,
    (b) => (b.pullrequest.created_on = 'yesterday'),
  ),
  invalid(
    'pullrequest:created without destination',
    CLOUD_PR,
    (b) => delete b.pullrequest.destination,
  ),
  invalid(
    'pullrequest:fulfilled without a source branch',
    'cloud-pr-fulfilled',
    (b) => delete b.pullrequest.source.branch,
  ),
  invalid(
    'pullrequest:comment_created whose pullrequest is null',
    'cloud-pr-comment-created',
    (b) => (b.pullrequest = null),
  ),
  shaped('pr:opened whose body is empty', DC_PR, {}),
  invalid('pr:opened with version -1', DC_PR, (b) => (b.pullRequest.version = -1)),
  invalid('pr:opened created "soon"', DC_PR, (b) => (b.pullRequest.createdDate = 'soon')),
  invalid(
    'pr:opened without target repository',
    DC_PR,
    (b) => delete b.pullRequest.toRef.repository,
  ),
  invalid('pr:opened without author', DC_PR, (b) => delete b.pullRequest.author),
  invalid(
    'pr:merged with an object as update date',
    'dc-pr-merged',
    (b) => (b.pullRequest.updatedDate = {}),
  ),
  refused('pr:reviewer:needs_work whose pullRequest is an array', 400, 'payload_invalid', () => {
    const fixture = loadFixture(DC_PR);
    fixture.headers['X-Event-Key'] = 'pr:reviewer:needs_work';
    fixture.body.pullRequest = [];
    return post(signed(fixture));
  }),
];

// ---- injection: every field that reaches git, a path or a job ---------------------------------

const branch = (name: string) =>
  invalid(
    `Cloud branch name ${JSON.stringify(name)}`,
    PUSH,
    (b) => (b.push.changes[0].new.name = name),
  );
const hash = (value: string) =>
  invalid(
    `Cloud commit hash ${JSON.stringify(value)}`,
    PUSH,
    (b) => (b.push.changes[0].new.target.hash = value),
  );
const cloudRepo = (value: string) =>
  invalid(
    `Cloud repository ${JSON.stringify(value)}`,
    PUSH,
    (b) => (b.repository.full_name = value),
  );

const INJECTIONS: Attack[] = [
  branch(`--upload-pack=touch ${MARK_FILE}`),
  branch(`--output=${MARK_FILE}`),
  branch('-'),
  branch('main..evil'),
  branch(`main/../../../tmp/${MARK}`),
  branch('.git'),
  branch('main.lock'),
  branch('main@{-1}'),
  branch('with space'),
  branch('new\nline'),
  branch('nul\u0000byte'),
  branch('x'.repeat(300)),
  invalid(
    'Cloud deleted branch named "--delete"',
    'cloud-push-branch-deleted',
    (b) => (b.push.changes[0].old.name = '--delete'),
  ),
  hash(`--output=${MARK_FILE}`),
  hash('a'.repeat(39)),
  hash('a'.repeat(41)),
  hash('C'.repeat(40)),
  hash('HEAD'),
  hash('main~1'),
  hash(`${'c'.repeat(40)}^{tree}`),
  cloudRepo('../../etc/passwd'),
  cloudRepo(`acme/../../../tmp/${MARK}`),
  cloudRepo('/acme/widgets'),
  cloudRepo('acme\\widgets'),
  cloudRepo('acme/-widgets'),
  cloudRepo('acme/.git'),
  cloudRepo('acme/..'),
  cloudRepo('acme/wid gets'),
  cloudRepo('\u0430cme/widgets'),
  cloudRepo('acme/widgets\u0000'),
  cloudRepo(`ext::sh -c touch% ${MARK_FILE}`),
  cloudRepo('--upload-pack=touch/x'),
  cloudRepo('acme/widgets%2f..'),
  cloudRepo('acme'),
  invalid(
    'Data Center toHash "--upload-pack=…"',
    DC_PUSH,
    (b) => (b.changes[0].toHash = `--upload-pack=touch ${MARK_FILE}`),
  ),
  invalid('Data Center displayId "-x"', DC_PUSH, (b) => (b.changes[0].ref.displayId = '-x')),
  invalid('Data Center ref id "refs/heads/--exec=…" without displayId', DC_PUSH, (b) => {
    delete b.changes[0].ref.displayId;
    b.changes[0].ref.id = `refs/heads/--exec=touch ${MARK_FILE}`;
  }),
  invalid('Data Center BRANCH ref outside refs/heads', DC_PUSH, (b) => {
    delete b.changes[0].ref.displayId;
    b.changes[0].ref.id = 'refs/tags/v1';
  }),
  invalid('Data Center project key ".."', DC_PUSH, (b) => (b.repository.project.key = '..')),
  invalid(
    'Data Center slug "--upload-pack=…"',
    DC_PUSH,
    (b) => (b.repository.slug = '--upload-pack=x'),
  ),
  invalid(
    'Data Center personal project "~" alone',
    DC_PUSH,
    (b) => (b.repository.project.key = '~'),
  ),
  invalid(
    'Cloud pull request source branch "--exec=…"',
    CLOUD_PR,
    (b) => (b.pullrequest.source.branch.name = `--exec=touch ${MARK_FILE}`),
  ),
  invalid(
    'Cloud pull request destination branch "main..x"',
    CLOUD_PR,
    (b) => (b.pullrequest.destination.branch.name = 'main..x'),
  ),
  invalid(
    'Cloud pull request for repository "../x"',
    CLOUD_PR,
    (b) => (b.repository.full_name = '../x'),
  ),
  invalid(
    'Data Center pull request source "-x"',
    DC_PR,
    (b) => (b.pullRequest.fromRef.displayId = '-x'),
  ),
  invalid(
    'Data Center pull request target slug "../x"',
    DC_PR,
    (b) => (b.pullRequest.toRef.repository.slug = '../x'),
  ),
];

// ---- answered without work, by design ---------------------------------------------------------

const ignored = (reason: string) => ({ status: 'ignored', reason });
const HARMLESS: Attack[] = [
  {
    name: 'push for a repository that is not configured',
    send: () => post(signedEdit(PUSH, (b) => (b.repository.full_name = 'other/repo'))),
    status: 202,
    answer: ignored('repository_not_configured: other/repo'),
  },
  {
    name: 'Data Center push for a project that is not configured',
    send: () => post(signedEdit(DC_PUSH, (b) => (b.repository.project.key = 'OTHER'))),
    status: 202,
    answer: ignored('repository_not_configured: other/widgets'),
  },
  {
    name: 'pull request for a repository that is not configured',
    send: () => post(signedEdit(CLOUD_PR, (b) => (b.repository.full_name = 'other/repo'))),
    status: 202,
    answer: ignored('repository_not_configured: other/repo'),
  },
  {
    name: 'signed delivery with a path as event key',
    send: () => {
      const fixture = loadFixture(PUSH);
      fixture.headers['X-Event-Key'] = `../../../tmp/${MARK}`;
      return post(signed(fixture));
    },
    status: 202,
    answer: ignored(`event_not_handled: ../../../tmp/${MARK}`),
  },
  {
    name: 'unsigned Data Center ping',
    send: () => post(withSignature('dc-diagnostics-ping', null)),
    status: 200,
    answer: { status: 'ok', ping: true },
  },
  {
    name: 'unsigned "ping" carrying a push for a configured repository',
    send: () => {
      const request = pushSignedWith(null);
      return { ...request, headers: { ...request.headers, 'X-Event-Key': 'diagnostics:ping' } };
    },
    status: 200,
    answer: { status: 'ok', ping: true },
  },
  {
    name: 'signed Data Center ping',
    send: () => post(signed(loadFixture('dc-diagnostics-ping'))),
    status: 200,
    answer: { status: 'ok', ping: true },
  },
];

export const ATTACKS: Attack[] = [
  ...ENVELOPE,
  ...HTTP_LEVEL,
  ...SIGNATURES,
  ...SIZES,
  ...NOT_JSON,
  ...SHAPES,
  ...INJECTIONS,
  ...HARMLESS,
];
