/**
 * Posts signed webhook messages to the configured receivers (the one place that does webhook HTTP),
 * logging every attempt and retrying failures on the clock with exponential backoff. Pending rows
 * survive a restart: `resume()` picks them up.
 *
 *   publish(event, data) · resume() · stop()
 */
import type { WebhookConfig } from '../config/config.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { nextAttemptAtMs, type RetryPolicy } from './retry-schedule.js';
import type { WebhookDelivery, WebhookRepository } from './webhook-repository.js';
import { SIGNATURE_HEADER, signBody } from './webhook-signature.js';

export interface WebhookSenderDeps {
  hooks: readonly WebhookConfig[];
  deliveries: WebhookRepository;
  /** Schedules retries; tests may pass a fast or simulated one. */
  clock: Clock;
  /** Wall-clock epoch ms for stored times. */
  now: () => number;
  retry: RetryPolicy;
  requestTimeoutMs?: number;
  log: (message: string, err?: unknown) => void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export class WebhookSender {
  private readonly timers = new Map<number, TimerHandle>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: WebhookSenderDeps) {}

  /** One delivery per receiver that wants `event`; the body is fixed here and reused by every retry. */
  publish(event: string, data: unknown): WebhookDelivery[] {
    const nowMs = this.deps.now();
    const body = JSON.stringify({ event, atMs: nowMs, data });
    return this.deps.hooks
      .filter((h) => h.events.length === 0 || h.events.includes(event))
      .map((h) => {
        const delivery = this.deps.deliveries.insert(h.url, event, body, nowMs);
        this.attempt(delivery);
        return delivery;
      });
  }

  /** Schedules what was still pending when the daemon last stopped. */
  resume(): number {
    const pending = this.deps.deliveries.pending();
    for (const d of pending) this.schedule(d.id, (d.nextAttemptAtMs ?? 0) - this.deps.now());
    return pending.length;
  }

  /** Resolves when every attempt started so far has been logged (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) this.deps.clock.clearTimer(t);
    this.timers.clear();
    await this.settled();
  }

  private schedule(id: number, delayMs: number): void {
    if (this.stopped) return;
    this.timers.set(id, this.deps.clock.setTimer(Math.max(0, delayMs), () => {
      this.timers.delete(id);
      const d = this.deps.deliveries.get(id);
      if (d?.state === 'pending') this.attempt(d);
    }));
  }

  private attempt(d: WebhookDelivery): void {
    const p = this.post(d).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async post(d: WebhookDelivery): Promise<void> {
    const hook = this.deps.hooks.find((h) => h.url === d.url);
    let status: number | null = null;
    let error: string | null = null;
    if (!hook) {
      error = 'webhook_not_configured';
    } else {
      try {
        const res = await fetch(d.url, {
          method: 'POST', body: d.body, redirect: 'manual',
          signal: AbortSignal.timeout(this.deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
          headers: {
            'content-type': 'application/json', 'user-agent': 'Tulostamo-Webhook', [SIGNATURE_HEADER]: signBody(hook.secret, d.body),
            'X-Tulostamo-Event': d.event, 'X-Tulostamo-Delivery': String(d.id),
          },
        });
        status = res.status;
        await res.body?.cancel();
        if (!res.ok) error = `http_${res.status}`;
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network_error';
        this.deps.log(`webhook ${d.id} to ${d.url} failed`, err);
      }
    }
    const nowMs = this.deps.now();
    const delivered = error === null;
    const next = delivered || !hook ? null : nextAttemptAtMs(d.attempts + 1, nowMs, this.deps.retry);
    const logged = this.deps.deliveries.recordAttempt(d.id, { status, error, delivered, nextAttemptAtMs: next }, nowMs);
    if (logged.state === 'pending' && next !== null) this.schedule(d.id, next - nowMs);
  }
}
