import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { liveSocket } from '../live.js';
import type { Job, Quote } from '../types.js';

/** What the patron chose that changes the analysis; a change re-quotes the stored file. */
export interface QuoteChoices {
  preset: string | null;
  /** From the library's list; null: the preset's own infill. */
  infillPercent: number | null;
  supports: boolean;
  joinCode: string;
}

export type QuoteBusy = 'uploading' | 'requoting' | 'sending' | null;

/** A fallback for a socket that dropped: the live push normally arrives first. */
const POLL_MS = 3000;

function discard(quote: Quote | null): void {
  // Only tidiness: an abandoned quote also expires on its own.
  if (quote && quote.state !== 'used') void api('DELETE', `/api/quotes/${quote.id}`).catch(() => undefined);
}

/**
 * The desk's quote: upload → analysing (live `quote:changed`, polled as a fallback) → ready | refused |
 * failed; re-quote on a changed choice; send it to the queue, or let it go.
 */
export function useQuote() {
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<QuoteBusy>(null);
  /** How far the slicer is with the shown quote's model (a live push; null before the first). */
  const [slicedPercent, setSlicedPercent] = useState<number | null>(null);
  const shown = useRef<Quote | null>(null);
  // Bumped by every new file or clear: an upload that answers after the patron moved on is let go.
  const generation = useRef(0);

  const show = (q: Quote | null) => { shown.current = q; setQuote(q); };
  const update = (q: Quote) => { if (shown.current?.id === q.id) show(q); };

  useEffect(() => {
    if (!quote || quote.state !== 'analysing') return undefined;
    const id = quote.id;
    const fetchNow = () => void api<{ quote: Quote }>('GET', `/api/quotes/${id}`).then((r) => update(r.quote)).catch(() => undefined);
    const onChange = ({ quote: q }: { quote: Quote }) => update(q);
    const onSlicing = ({ quoteId, percent }: { quoteId: number; percent: number }) => { if (quoteId === id) setSlicedPercent(percent); };
    setSlicedPercent(null);
    const socket = liveSocket();
    socket.on('quote:changed', onChange);
    socket.on('quote:slicing', onSlicing);
    // The analysis may have finished before the listener was attached.
    fetchNow();
    const timer = setInterval(fetchNow, POLL_MS);
    return () => { socket.off('quote:changed', onChange); socket.off('quote:slicing', onSlicing); clearInterval(timer); };
  }, [quote?.id, quote?.state]);

  async function run<T>(kind: QuoteBusy, fn: () => Promise<T>): Promise<T | null> {
    setBusy(kind);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err instanceof ApiError ? err : new Error('network'));
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function start(file: File, choices: QuoteChoices): Promise<void> {
    discard(shown.current);
    show(null);
    const mine = ++generation.current;
    const form = new FormData();
    if (choices.preset) form.append('preset', choices.preset);
    if (choices.infillPercent !== null) form.append('infillPercent', String(choices.infillPercent));
    if (choices.supports) form.append('supports', 'true');
    if (choices.joinCode) form.append('joinCode', choices.joinCode);
    form.append('file', file, file.name);
    const r = await run('uploading', () => api<{ quote: Quote }>('POST', '/api/quotes', form));
    if (!r) return;
    if (mine === generation.current) show(r.quote);
    else discard(r.quote);
  }

  /** Another preset or workshop code for the file already uploaded; the old quote stays if this one is refused. */
  async function change(choices: QuoteChoices): Promise<void> {
    const current = shown.current;
    if (!current) return;
    const r = await run('requoting', () => api<{ quote: Quote }>('POST', `/api/quotes/${current.id}/requote`,
      { preset: choices.preset, infillPercent: choices.infillPercent, supports: choices.supports, joinCode: choices.joinCode || null }));
    if (r && shown.current?.id === current.id) show(r.quote);
  }

  async function send(note: string): Promise<Job | null> {
    const current = shown.current;
    if (!current) return null;
    const r = await run('sending', () => api<{ job: Job }>('POST', '/api/jobs', { quoteId: current.id, ...(note ? { note } : {}) }));
    if (r) show(null);
    return r?.job ?? null;
  }

  function clear(): void {
    generation.current++;
    discard(shown.current);
    show(null);
    setError(null);
  }

  return { quote, slicedPercent, error, busy, start, change, send, clear };
}
