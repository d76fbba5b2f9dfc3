import { Refusal } from './refusals';

/**
 * Reads the raw request bytes, refusing with 413 as soon as they pass `limit`: a declared
 * Content-Length over the limit is refused before reading, and a body without one (chunked,
 * or endless) is cut off while streaming, so memory never holds more than `limit` bytes.
 */
export async function readBodyWithLimit(request: Request, limit: number): Promise<Buffer> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    throw new Refusal(
      'body_too_large',
      `body of ${declared} bytes exceeds the limit of ${limit} bytes`,
    );
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw new Refusal('body_too_large', `body exceeds the limit of ${limit} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(
      'body_unreadable',
      `request body could not be read: ${(error as Error).message}`,
    );
  }
  return Buffer.concat(chunks);
}
