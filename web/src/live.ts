import { useEffect } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';

/** One socket per page; the server authenticates it with the same session cookie as the API. */
let socket: Socket | null = null;

export function liveSocket(namespace = '/'): Socket {
  if (namespace !== '/') return io(namespace, { withCredentials: true, transports: ['websocket', 'polling'] });
  socket ??= io({ withCredentials: true, transports: ['websocket', 'polling'] });
  return socket;
}

/** Loads once, then again whenever the server says jobs or the queue changed. */
export function useLiveRefresh(refresh: () => unknown, events: string[] = ['job:changed', 'queue:changed']): void {
  useEffect(() => {
    void refresh();
    const socket = liveSocket();
    const onChange = () => void refresh();
    for (const e of events) socket.on(e, onChange);
    return () => { for (const e of events) socket.off(e, onChange); };
  }, []);
}
