import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedDelivery } from '../../scripts/lib/payloads';
import { postDelivery } from './post';
import { WEBHOOK_URL_PATH } from './stack';

/** What one paced run measured: times from each delivery's scheduled send to its answer. */
export interface PacedRun {
  latencies: number[];
  accepted: number;
  other: number;
}

/**
 * Sends `rate` deliveries per second for `seconds`, spread evenly (one every 1000/rate ms)
 * over at most `connections` keep-alive sockets. Each time runs from when the delivery was
 * due, not when it went out, so a sender held back by a slow receiver still counts the wait.
 */
export async function pacedRun(
  baseUrl: string,
  deliveries: SignedDelivery[],
  rate: number,
  seconds: number,
  connections: number,
): Promise<PacedRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(`${baseUrl}${WEBHOOK_URL_PATH}`);
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const run: PacedRun = { latencies: [], accepted: 0, other: 0 };
  const inFlight: Array<Promise<void>> = [];
  const start = performance.now();
  try {
    for (let i = 0; i < total; i += 1) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const delivery = deliveries[i % deliveries.length]!;
      inFlight.push(
        postDelivery(agent, url, delivery).then(
          ({ status, at }) => {
            if (status === 202) {
              run.accepted += 1;
              run.latencies.push(at - due);
            } else run.other += 1;
          },
          () => {
            run.other += 1;
          },
        ),
      );
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return run;
}
