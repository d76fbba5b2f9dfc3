import { existsSync } from 'node:fs';
import path from 'node:path';
import { readRepoState } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRemote } from '../helpers/git-remote';
import { startStack, TEST_SECRET, type Stack } from '../helpers/stack';
import { ATTACKS, MARK, MARK_FILE } from './attacks';
import { expectNextPushIndexed, loadFixture, signed } from './helpers/deliveries';
import { sendRaw } from './helpers/http';
import {
  indexDigest,
  landingZones,
  outsideEntries,
  QueueProbe,
  stackTree,
} from './helpers/observe';

const REPO = 'acme/widgets';
/** The second of two configured secrets, as during a rotation. */
const ROTATED_SECRET = 'rotated-secret-2';

// One deployment receives every attack in turn; between rows nothing is reset, because a
// refused delivery must leave nothing behind to reset.
describe('hostile and malformed deliveries are refused clearly and change nothing', () => {
  let stack: Stack;
  let remote: GitRemote;
  let probe: QueueProbe;
  let outsideBefore: string[];

  beforeAll(async () => {
    stack = await startStack({
      repos: REPO,
      extraEnv: { WEBHOOK_SECRET: `${TEST_SECRET},${ROTATED_SECRET}` },
    });
    remote = new GitRemote(stack.remotes, REPO);
    probe = new QueueProbe(stack.env.REDIS_URL!, stack.env.CODESYNC_QUEUE_PREFIX!);
    await expectNextPushIndexed(stack, remote, 'first');
    await probe.waitIdle();
    outsideBefore = outsideEntries(landingZones(stack));
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
  });

  const snapshot = async () => ({
    queues: await probe.state(),
    index: indexDigest(stack),
    files: stackTree(stack),
  });

  it(`covers at least 50 attacks (${ATTACKS.length})`, () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(ATTACKS.map((a) => a.name)).size).toBe(ATTACKS.length);
  });

  it.each(ATTACKS)('$name → $status', async (attack) => {
    const before = await snapshot();
    const logged = stack.logs.length;

    const response = await sendRaw(stack.baseUrl, attack.send());

    expect(response.status).toBe(attack.status);
    if (attack.error) {
      expect(response.json).toEqual({ error: attack.error, message: expect.any(String) });
      const line = await waitForLogLine(
        stack,
        logged,
        (l) => l.msg === 'request refused' && l.code === attack.error,
      );
      expect(line).toMatchObject({ status: attack.status, action: expect.any(String) });
    } else if (attack.answer) {
      expect(response.json).toMatchObject(attack.answer);
    }
    expect(await snapshot()).toEqual(before);
    expect(stack.receiver.child.exitCode).toBeNull();
  });

  it('syncs a push whose unread fields carry commands and foreign URLs from the configured remote only', async () => {
    remote.commit({ 'hostile/unread.txt': 'unread fields are inert\n' });
    const tip = remote.push();
    const fixture = loadFixture('cloud-push-main');
    const change = fixture.body.push.changes[0];
    change.new.target.hash = tip;
    change.new.target.message = `$(touch ${MARK_FILE}); \`touch ${MARK_FILE}\``;
    change.new.links.html.href = `--upload-pack=touch ${MARK_FILE}`;
    fixture.body.repository.links.html.href = `ext::sh -c touch% ${MARK_FILE}`;
    fixture.body.repository.links.clone = [
      { name: 'https', href: `ext::sh -c touch% ${MARK_FILE}` },
    ];
    fixture.body.actor.display_name = `'; touch ${MARK_FILE}; '`;

    const response = await stack.deliver(fixture);
    expect(response.status).toBe(202);
    await stack.waitForIndexed(REPO, tip);
    await probe.waitIdle();
    expect(existsSync(MARK_FILE)).toBe(false);
  });

  it('indexes the real tip when a push announces a commit the remote does not have', async () => {
    remote.commit({ 'hostile/announced.txt': 'the announced tip is only a hint\n' });
    const tip = remote.push();
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes[0].new.target.hash = 'f'.repeat(40);
    expect((await stack.deliver(fixture)).status).toBe(202);
    await stack.waitForIndexed(REPO, tip);
    await probe.waitIdle();
  });

  it('treats a shell-looking branch name that git allows as plain data', async () => {
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes[0].new.name = `$(touch\${IFS}${MARK_FILE})`;
    const response = await stack.deliver(fixture);
    expect(response.status).toBe(202);
    await probe.waitIdle();
    expect(existsSync(MARK_FILE)).toBe(false);
    expect(stack.withIndex((db) => readRepoState(db, REPO))?.lastError).toBeNull();
  });

  it('drops a delivery id that is not UUID-like instead of putting it into jobs and logs', async () => {
    const fixture = loadFixture('cloud-push-main');
    fixture.headers['X-Request-UUID'] = `../../tmp/${MARK}`;
    const delivery = signed(fixture);
    const response = await sendRaw(stack.baseUrl, {
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ status: 'queued', deliveryId: null });
    await probe.waitIdle();
    expect(await probe.jobText()).not.toContain(MARK);
  });

  it('accepts a delivery signed with either configured secret (rotation)', async () => {
    remote.commit({ 'hostile/rotated.txt': 'signed with the new secret\n' });
    const tip = remote.push();
    const fixture = loadFixture('cloud-push-main');
    fixture.body.push.changes[0].new.target.hash = tip;
    const delivery = signed(fixture, ROTATED_SECRET);
    const response = await sendRaw(stack.baseUrl, {
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(202);
    await stack.waitForIndexed(REPO, tip);
    await probe.waitIdle();
  });

  it('still indexes the next valid push', async () => {
    await expectNextPushIndexed(stack, remote, 'attacks');
  });

  it('wrote nothing outside the data dir, and only the one mirror inside it', async () => {
    const created = outsideEntries(landingZones(stack)).filter(
      (entry) => !outsideBefore.includes(entry),
    );
    expect(created.filter((entry) => entry.includes(MARK) || entry.includes('PWNED'))).toEqual([]);
    expect(existsSync(MARK_FILE)).toBe(false);
    expect(existsSync(path.join(process.cwd(), MARK))).toBe(false);
    // Everything below the data dir derives from configuration: one index, one mirror.
    const mirrors = stackTree(stack).filter((entry) =>
      /^data\/mirrors\/[^/]+(\/[^/]+)?$/.test(entry),
    );
    expect(mirrors).toEqual(['data/mirrors/acme', 'data/mirrors/acme/widgets.git']);
  });

  it('never logged a secret or a signature', () => {
    const text = stack.logs.join('\n');
    for (const secret of [TEST_SECRET, ROTATED_SECRET]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });
});

/** Waits for a JSON log line written after `from` that matches; returns it or fails. */
async function waitForLogLine(
  stack: Stack,
  from: number,
  match: (line: Record<string, any>) => boolean,
): Promise<Record<string, any>> {
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    for (const raw of stack.logs.slice(from)) {
      const json = raw.slice(raw.indexOf('{'));
      try {
        const line = JSON.parse(json) as Record<string, any>;
        if (match(line)) return line;
      } catch {
        // not a JSON line
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching log line\n${stack.logs.slice(from).join('\n')}`);
}
