import http from 'node:http';
import net from 'node:net';
import { createLogger } from '@codesync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardenHttpServer } from '../src/client-errors';

/** Sends raw bytes and returns everything the server answers before it closes. */
function rawExchange(port: number, payload: string, holdOpenMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(payload);
    if (holdOpenMs === 0) return;
    setTimeout(() => socket.destroy(), holdOpenMs);
  });
}

describe('hardenHttpServer', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer({ connectionsCheckingInterval: 100 }, (req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    hardenHttpServer(server, createLogger('test', 'silent'), 1_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers malformed HTTP with a JSON 400', async () => {
    const answer = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe(
      '{"error":"bad_request","message":"malformed HTTP request"}',
    );
  });

  it('answers oversized headers with a JSON 431', async () => {
    const answer = await rawExchange(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('"error":"headers_too_large"');
  });

  it('cuts off a sender that dribbles its body past the request timeout', async () => {
    const started = Date.now();
    const answer = await rawExchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little',
      10_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
