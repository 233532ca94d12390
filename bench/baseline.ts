import http from 'node:http';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';

/** A bare Socket.IO round trip on this machine: the floor any pop latency is compared against. */
export async function bareRoundTrip(n: number): Promise<number[]> {
  const server = http.createServer();
  const io = new Server(server);
  io.on('connection', (s) => s.on('echo', (x: unknown, ack: (x: unknown) => void) => ack(x)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const c = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
  await new Promise<void>((r) => c.once('connect', () => r()));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await c.emitWithAck('echo', { i });
    out.push(performance.now() - t);
  }
  c.disconnect();
  io.close();
  return out;
}
