import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { GIT_ENV } from './git';

/** Where a fast-import stream is written; `write` waits when git's pipe is full. */
export interface StreamSink {
  write(chunk: string): Promise<void>;
}

/**
 * Runs `git fast-import` in `gitDir`, feeding it whatever `produce` writes, and returns the
 * commit id of every `mark` the stream declared. Objects land in the repository directly, as
 * they would after a push, without a work tree or a pack negotiation.
 */
export async function fastImport(
  gitDir: string,
  produce: (sink: StreamSink) => Promise<void>,
): Promise<Map<number, string>> {
  const marksFile = path.join(gitDir, `bench-marks-${process.pid}-${Date.now()}`);
  const child = spawn('git', ['fast-import', '--quiet', '--done', `--export-marks=${marksFile}`], {
    cwd: gitDir,
    env: GIT_ENV,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const closed = once(child, 'close') as Promise<[number | null]>;
  const sink: StreamSink = {
    write: async (chunk) => {
      if (!child.stdin.write(chunk)) await once(child.stdin, 'drain');
    },
  };
  try {
    await produce(sink);
    child.stdin.end('done\n');
    const [code] = await closed;
    if (code !== 0)
      throw new Error(`git fast-import failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`);
    return readMarks(marksFile);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(marksFile, { force: true });
  }
}

function readMarks(file: string): Map<number, string> {
  const marks = new Map<number, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^:(\d+) ([0-9a-f]{40})$/.exec(line);
    if (match?.[1] && match[2]) marks.set(Number(match[1]), match[2]);
  }
  return marks;
}

/** The header of one commit; `parent` is a commit id, or null for a root commit. */
export function commitHeader(
  ref: string,
  mark: number,
  parent: string | null,
  message: string,
): string {
  const when = Math.floor(Date.now() / 1000);
  const lines = [
    `commit ${ref}`,
    `mark :${mark}`,
    `committer Dana Developer <dana@example.test> ${when} +0000`,
    `data ${Buffer.byteLength(message)}`,
    message,
  ];
  if (parent) lines.push(`from ${parent}`);
  return `${lines.join('\n')}\n`;
}

/** A file of the commit being written, with its content inline. */
export function fileCommand(filePath: string, content: string): string {
  return `M 100644 inline ${filePath}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
}
