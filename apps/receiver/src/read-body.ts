import type { IncomingMessage } from 'node:http';
import { Refusal } from './refusals';

/**
 * Reads the raw request bytes, refusing with 413 as soon as they pass `limit`: a declared
 * Content-Length over the limit is refused before reading, and a body without one (chunked,
 * or endless) is cut off while streaming, so memory never holds more than `limit` bytes.
 *
 * Served by @hono/node-server, the Node request is read directly: building the WHATWG
 * `Request` stream for each delivery cost more CPU than everything else the receiver does.
 * Tests that call `app.request()` have only the `Request`.
 */
export async function readBodyWithLimit(
  source: IncomingMessage | Request,
  limit: number,
): Promise<Buffer> {
  const declared =
    'headers' in source && !(source instanceof Request)
      ? source.headers['content-length']
      : (source as Request).headers.get('content-length');
  if (declared != null && Number(declared) > limit) {
    throw new Refusal(
      'body_too_large',
      `body of ${declared} bytes exceeds the limit of ${limit} bytes`,
    );
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const take = (chunk: Uint8Array): boolean => {
    total += chunk.byteLength;
    if (total > limit) return false;
    chunks.push(chunk);
    return true;
  };
  try {
    if (source instanceof Request) await readRequest(source, take);
    else await readIncoming(source, take);
  } catch (error) {
    throw new Refusal(
      'body_unreadable',
      `request body could not be read: ${(error as Error).message}`,
    );
  }
  if (total > limit)
    throw new Refusal('body_too_large', `body exceeds the limit of ${limit} bytes`);
  // Most deliveries arrive in one chunk: hand it over rather than copy it.
  if (chunks.length === 1 && Buffer.isBuffer(chunks[0])) return chunks[0];
  return Buffer.concat(chunks);
}

async function readRequest(request: Request, take: (chunk: Uint8Array) => boolean): Promise<void> {
  if (!request.body) return;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (!take(value)) {
      await reader.cancel().catch(() => {});
      return;
    }
  }
}

// Listeners rather than `for await`: leaving an async iterator early destroys the request, and
// with it the socket the 413 must still be written to.
function readIncoming(incoming: IncomingMessage, take: (chunk: Buffer) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      if (take(chunk)) return;
      // Stop keeping bytes. The stream stays flowing, so the rest is discarded as it arrives
      // and the sender, still uploading, reads the 413 instead of a broken pipe.
      finish();
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(error);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}
