// A TCP proxy a test controls, put between the BFF and PostgreSQL (or the engine) to make outages on demand.
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * How an outage looks from the client:
 * - `reset`: open connections are reset and new ones are reset at once (PostgreSQL down, port refused);
 * - `blackhole`: open connections are reset, new ones are accepted and never answered (a firewall that
 *   drops packets: connecting hangs until the client's own timeout);
 * - `stall`: open connections stay open but nothing passes either way, and new ones hang too (a network
 *   partition: the server still sees the sessions, and what was sent arrives once the network is back);
 * - `failover`: open connections go silent for good and their server side is closed (the server is gone and
 *   the client is not told), while new ones reach the server at once (a failover behind an address that
 *   stays, a NAT that forgot its flows). Nothing to restore: only the client's own timeouts end the silence.
 */
export type OutageMode = 'reset' | 'blackhole' | 'stall' | 'failover';

interface Pair {
  client: Socket;
  upstream: Socket;
}

export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  /** Connections accepted during a blackhole or stall: never forwarded, reset when the outage ends. */
  private readonly held = new Set<Socket>();
  /** Client sides left silent by a failover, until the client gives up on them. */
  private readonly zombies = new Set<Socket>();
  private outage: OutageMode | null = null;
  /** Connections accepted over the proxy's life (forwarded or not): tests use it to see reconnects. */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Listens on a free port of 127.0.0.1 and forwards to `target`. */
  static async start(target: { host?: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new TcpProxy(server, { host: target.host ?? '127.0.0.1', port: target.port });
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** `url` with its host and port replaced by the proxy's (a database or engine URL). */
  url(url: string): string {
    const rewritten = new URL(url);
    rewritten.hostname = '127.0.0.1';
    rewritten.port = String(this.port);
    return rewritten.toString();
  }

  /** Connections currently forwarded. */
  get openConnections(): number {
    return this.pairs.size;
  }

  cut(mode: OutageMode = 'reset'): void {
    if (mode === 'failover') {
      for (const pair of this.pairs) {
        this.pairs.delete(pair);
        pair.client.pause();
        this.zombies.add(pair.client);
        pair.client.once('close', () => this.zombies.delete(pair.client));
        pair.upstream.destroy();
      }
      return;
    }
    this.outage = mode;
    if (mode === 'stall') {
      for (const pair of this.pairs) {
        pair.client.pause();
        pair.upstream.pause();
      }
      return;
    }
    for (const pair of this.pairs) this.drop(pair);
  }

  restore(): void {
    const was = this.outage;
    this.outage = null;
    for (const socket of this.held) socket.resetAndDestroy();
    this.held.clear();
    if (was === 'stall') {
      for (const pair of this.pairs) {
        pair.client.resume();
        pair.upstream.resume();
      }
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    for (const socket of [...this.held, ...this.zombies]) socket.destroy();
    this.held.clear();
    this.zombies.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    client.on('error', () => undefined);
    if (this.outage === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (this.outage) {
      // Read and discard nothing: the client's bytes wait in the kernel, as they would at a dead host.
      client.pause();
      this.held.add(client);
      client.once('close', () => this.held.delete(client));
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    upstream.on('error', () => undefined);
    this.forward(client, upstream);
    this.forward(upstream, client);
    // One side gone for good: the other goes too (politely, this is no outage).
    const close = () => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    client.once('close', close);
    upstream.once('close', close);
  }

  /** Manual forwarding rather than pipe(): a stall must keep both sides paused, whatever drains. */
  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => {
          if (this.outage !== 'stall') from.resume();
        });
      }
    });
    from.once('end', () => to.end());
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    // A reset, not a polite FIN: the client sees the connection die as it does when a server goes away.
    pair.client.resetAndDestroy();
    pair.upstream.destroy();
  }
}
