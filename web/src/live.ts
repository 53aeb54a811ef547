import { io, type Socket } from 'socket.io-client';

/** One socket per page; the server authenticates it with the same session cookie as the API. */
let socket: Socket | null = null;

export function liveSocket(namespace = '/'): Socket {
  if (namespace !== '/') return io(namespace, { withCredentials: true, transports: ['websocket', 'polling'] });
  socket ??= io({ withCredentials: true, transports: ['websocket', 'polling'] });
  return socket;
}
