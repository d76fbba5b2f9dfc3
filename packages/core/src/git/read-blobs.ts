import { spawn } from 'node:child_process';

/** A blob read from the mirror; `content` is null when it was larger than the limit or missing. */
export interface BlobRead {
  oid: string;
  size: number;
  content: Buffer | null;
  missing: boolean;
}

/**
 * Streams blobs by object id through one `git cat-file --batch` process, in request order.
 * Blobs over `maxBytes` are skipped without being held in memory, and the consumer's pace
 * throttles git through the pipe, so memory stays flat however large the repository is.
 */
export async function* readBlobs(
  gitDir: string,
  oids: readonly string[],
  maxBytes: number,
): AsyncGenerator<BlobRead> {
  if (oids.length === 0) return;
  const child = spawn('git', ['-C', gitDir, 'cat-file', '--batch'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: '/nonexistent',
      GIT_CONFIG_NOSYSTEM: '1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.on('error', () => {});
  child.stdin.end(`${oids.join('\n')}\n`);

  const parser = new BatchParser(maxBytes);
  let delivered = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      for (const blob of parser.push(chunk)) {
        delivered += 1;
        yield blob;
      }
    }
  } finally {
    if (delivered < oids.length) child.kill('SIGKILL');
  }
  const code = await exited;
  if (delivered < oids.length) {
    throw new Error(
      `git cat-file stopped after ${delivered}/${oids.length} blobs (exit ${code}): ${stderr.trim()}`,
    );
  }
}

/** Incremental parser of `cat-file --batch` output: `<oid> <type> <size>\n<bytes>\n`. */
class BatchParser {
  private pending: Buffer = Buffer.alloc(0);
  private current: {
    oid: string;
    size: number;
    keep: boolean;
    parts: Buffer[];
    left: number;
  } | null = null;

  constructor(private readonly maxBytes: number) {}

  *push(chunk: Buffer): Generator<BlobRead> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.current) {
        const take = Math.min(this.current.left, this.pending.length);
        if (this.current.keep && take > 0) this.current.parts.push(this.pending.subarray(0, take));
        this.current.left -= take;
        this.pending = this.pending.subarray(take);
        if (this.current.left > 0) return;
        const { oid, size, keep, parts } = this.current;
        this.current = null;
        // The trailing newline after the content has been counted into `left` (+1 below).
        const content = keep ? Buffer.concat(parts).subarray(0, size) : null;
        yield { oid, size, content, missing: false };
        continue;
      }
      const newline = this.pending.indexOf(10);
      if (newline === -1) return;
      const header = this.pending.subarray(0, newline).toString('utf8');
      this.pending = this.pending.subarray(newline + 1);
      const missing = /^(\S+) missing$/.exec(header);
      if (missing?.[1]) {
        yield { oid: missing[1], size: 0, content: null, missing: true };
        continue;
      }
      const [oid, , sizeText] = header.split(' ');
      const size = Number(sizeText);
      if (!oid || !Number.isInteger(size))
        throw new Error(`unexpected cat-file header ${JSON.stringify(header)}`);
      const keep = size <= this.maxBytes;
      this.current = { oid, size, keep, parts: [], left: size + 1 };
    }
  }
}
