import { nextAttemptAtMs } from './retry-schedule.js';
import { SIGNATURE_HEADER, signBody } from './webhook-signature.js';
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export class WebhookSender {
    deps;
    timers = new Map();
    inFlight = new Set();
    stopped = false;
    constructor(deps) {
        this.deps = deps;
    }
    /** One delivery per receiver that wants `event`; the body is fixed here and reused by every retry. */
    publish(event, data) {
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
    resume() {
        const pending = this.deps.deliveries.pending();
        for (const d of pending)
            this.schedule(d.id, (d.nextAttemptAtMs ?? 0) - this.deps.now());
        return pending.length;
    }
    /** Resolves when every attempt started so far has been logged (tests, shutdown). */
    async settled() {
        while (this.inFlight.size > 0)
            await Promise.allSettled([...this.inFlight]);
    }
    async stop() {
        this.stopped = true;
        for (const t of this.timers.values())
            this.deps.clock.clearTimer(t);
        this.timers.clear();
        await this.settled();
    }
    schedule(id, delayMs) {
        if (this.stopped)
            return;
        this.timers.set(id, this.deps.clock.setTimer(Math.max(0, delayMs), () => {
            this.timers.delete(id);
            const d = this.deps.deliveries.get(id);
            if (d?.state === 'pending')
                this.attempt(d);
        }));
    }
    attempt(d) {
        const p = this.post(d).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
    }
    async post(d) {
        const hook = this.deps.hooks.find((h) => h.url === d.url);
        let status = null;
        let error = null;
        if (!hook) {
            error = 'webhook_not_configured';
        }
        else {
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
                if (!res.ok)
                    error = `http_${res.status}`;
            }
            catch (err) {
                error = err.name === 'TimeoutError' ? 'timeout' : 'network_error';
                this.deps.log(`webhook ${d.id} to ${d.url} failed`, err);
            }
        }
        const nowMs = this.deps.now();
        const delivered = error === null;
        const next = delivered || !hook ? null : nextAttemptAtMs(d.attempts + 1, nowMs, this.deps.retry);
        const logged = this.deps.deliveries.recordAttempt(d.id, { status, error, delivered, nextAttemptAtMs: next }, nowMs);
        if (logged.state === 'pending' && next !== null)
            this.schedule(d.id, next - nowMs);
    }
}
//# sourceMappingURL=webhook-sender.js.map