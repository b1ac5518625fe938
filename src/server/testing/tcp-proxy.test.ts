import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TcpProxy } from './tcp-proxy.js';

// The outage modes the integration tests rely on, checked against an echo server.
describe('TcpProxy', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await TcpProxy.start({ port: (echo.address() as { port: number }).port });
  });
  afterEach(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(proxy.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  /** The next data, or 'error: CODE' / 'closed', or 'silence' after `ms`. */
  const next = (socket: Socket, ms = 300) =>
    new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('silence'), ms);
      socket.once('data', (data) => (clearTimeout(timer), resolve(data.toString())));
      socket.once('error', (error: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(`error: ${error.code}`)));
      socket.once('close', () => (clearTimeout(timer), resolve('closed')));
    });

  it('forwards, and resets open and new connections while cut', async () => {
    const socket = await open();
    socket.write('ping');
    expect(await next(socket)).toBe('ping');
    const dying = next(socket);
    proxy.cut('reset');
    expect(await dying).toBe('error: ECONNRESET');
    const refused = connect(proxy.port, '127.0.0.1');
    expect(await next(refused)).toMatch(/error: ECONNRESET|closed/);
    proxy.restore();
    const again = await open();
    again.write('back');
    expect(await next(again)).toBe('back');
    again.destroy();
  });

  it('accepts and never answers new connections in a blackhole, and resets them when restored', async () => {
    proxy.cut('blackhole');
    const socket = await open();
    socket.write('anyone?');
    expect(await next(socket)).toBe('silence');
    const ending = next(socket);
    proxy.restore();
    expect(await ending).toBe('error: ECONNRESET');
  });

  it('leaves open connections silent for good after a failover, and answers new ones at once', async () => {
    const socket = await open();
    proxy.cut('failover');
    socket.write('hello?');
    expect(await next(socket)).toBe('silence');
    const fresh = await open();
    fresh.write('new server');
    expect(await next(fresh)).toBe('new server');
    fresh.destroy();
    socket.destroy();
  });

  it('holds what is sent during a stall and delivers it once restored', async () => {
    const socket = await open();
    proxy.cut('stall');
    socket.write('held');
    expect(await next(socket)).toBe('silence');
    const delivered = next(socket, 1000);
    proxy.restore();
    expect(await delivered).toBe('held');
    socket.destroy();
  });
});
