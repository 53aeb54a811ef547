/**
 * A share of the API benchmark's socket.io clients, run as a child process (`fork`) so that 200
 * clients decoding every push are spread over more than one event loop: the delivery delay measured
 * is then mostly the daemon's, not the time one benchmark process needs to work through 200 copies.
 *
 * Protocol over the IPC channel: the parent sends { url, apiKey, clients }; the child answers
 * { ready: true } once all are connected, and { delaysMs } after the parent sends { stop: true }.
 */
import { io, type Socket } from 'socket.io-client';

export interface SocketClientsStart { url: string; apiKey: string; clients: number }
export type SocketClientsReply = { ready: true } | { delaysMs: number[] } | { error: string };

function connect(url: string, apiKey: string, onPush: (delayMs: number) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-api-key': apiKey } });
    s.on('printer:status', (m: { sentAtMs?: number }) => { if (m.sentAtMs) onPush(Date.now() - m.sentAtMs); });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function reply(message: SocketClientsReply): void { process.send!(message); }

process.once('message', async (start: SocketClientsStart) => {
  let delaysMs: number[] = [];
  try {
    const sockets = await Promise.all(Array.from({ length: start.clients }, () => connect(start.url, start.apiKey, (d) => delaysMs.push(d))));
    // Only pushes that arrive while every client is connected count.
    delaysMs = [];
    process.once('message', () => {
      for (const s of sockets) s.close();
      reply({ delaysMs });
      process.disconnect();
    });
    reply({ ready: true });
  } catch (err) {
    reply({ error: (err as Error).message });
    process.disconnect();
  }
});
