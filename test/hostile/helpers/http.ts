import http from 'node:http';
import { Readable } from 'node:stream';

/** What came back for one raw request. */
export interface RawResponse {
  status: number;
  /** Parsed JSON body, or null when the body was empty or not JSON. */
  json: any;
  text: string;
  /** Milliseconds from the start of the request to the end of the response. */
  ms: number;
}

/** One request as an attacker would send it: any method, path, headers and body. */
export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | string[]>;
  /** Bytes with a Content-Length, or a stream sent chunked (or with the declared length). */
  body?: Buffer | string | Readable;
  /** Give up after this long (the test then fails with a timeout error). */
  timeoutMs?: number;
}

/**
 * Sends one request with `node:http`, which (unlike fetch) lets a test declare any headers,
 * stream an endless body and read the answer while the upload is still going. Once the
 * response has begun, the upload is abandoned and socket errors caused by that are ignored.
 */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const started = performance.now();
  const url = new URL(request.path ?? '/webhooks/bitbucket', baseUrl);
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  const headers: Record<string, string | string[]> = { ...request.headers };
  if (Buffer.isBuffer(body) && !hasHeader(headers, 'content-length')) {
    headers['Content-Length'] = String(body.length);
  }
  // Like Bitbucket, keep the connection alive. With `Connection: close` Node closes the socket
  // right after answering, and a client still uploading may see a reset instead of the answer.
  if (!hasHeader(headers, 'connection')) headers.Connection = 'keep-alive';

  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method: request.method ?? 'POST', headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no response within ${request.timeoutMs ?? 15_000} ms`));
    }, request.timeoutMs ?? 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (body instanceof Readable) body.destroy();
      if (!answered) reject(error);
    };

    req.on('error', fail);
    req.on('response', (res) => {
      answered = true;
      if (body instanceof Readable) {
        body.unpipe(req);
        body.destroy();
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => {});
      res.on('close', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          json: parseJson(text),
          text,
          ms: performance.now() - started,
        });
        req.destroy();
      });
    });

    if (body instanceof Readable) {
      body.on('error', () => {});
      body.pipe(req);
    } else {
      req.end(body);
    }
  });
}

/** A body that never ends: the same chunk, again and again, until the reader goes away. */
export function endlessBody(chunkBytes: number, fill = 0x7b): Readable {
  const chunk = Buffer.alloc(chunkBytes, fill);
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

/** A body of exactly `total` bytes, produced in chunks, so it goes out chunked. */
export function chunkedBody(total: number, chunkBytes = 64 * 1024, fill = 0x20): Readable {
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const size = Math.min(left, chunkBytes);
      left -= size;
      this.push(Buffer.alloc(size, fill));
    },
  });
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
