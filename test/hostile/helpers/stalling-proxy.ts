import net from 'node:net';

/**
 * A loopback TCP proxy in front of a server (here: the stack's private Redis) that can be told
 * to stall: it keeps every connection open and keeps reading, but forwards nothing in either
 * direction, like a peer that hangs without closing. `resume` delivers what was held back.
 */
export class StallingProxy {
  private readonly server = net.createServer((client) => this.pipe(client));
  private readonly sockets = new Set<net.Socket>();
  private readonly held: Array<() => void> = [];
  private stalled = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `redis://127.0.0.1:${this.port}`;
  }

  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const flush of this.held.splice(0)) flush();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  private forward(from: net.Socket, to: net.Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (this.stalled) this.held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  }
}
