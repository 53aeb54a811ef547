import { signal } from './signal.js';

export type Role = 'patron' | 'instructor' | 'staff';
export interface User { id: number; username: string; displayName: string; role: Role }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly params: Record<string, unknown> = {}) {
    super(message);
  }
}

export const session = signal<{ user: User; csrfToken: string } | null>(null);

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return text; }
}

/** Every call goes through here: one place adds the CSRF token and turns the error shape into ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.value?.csrfToken;
  if (token && method !== 'GET') headers['X-CSRF-Token'] = token;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const data = await parse(res);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; params?: Record<string, unknown> } })?.error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.params ?? {});
  }
  return data as T;
}

export async function loadSession(): Promise<void> {
  try {
    session.value = await api<{ user: User; csrfToken: string }>('GET', '/api/session');
  } catch {
    session.value = null;
  }
}

export async function login(credentials: Record<string, string>): Promise<void> {
  session.value = await api<{ user: User; csrfToken: string }>('POST', '/api/session', credentials);
}

export async function logout(): Promise<void> {
  try { await api('DELETE', '/api/session'); } finally { session.value = null; }
}
