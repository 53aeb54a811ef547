/**
 * Serialized replies of hot read endpoints (the job list that every open UI and lobby board polls),
 * kept until anything that could change them happens. app.ts calls `invalidate()` on every queue
 * event and every printer status push (progress is saved on those), so a cached reply is never older
 * than the newest change. Each entry carries its ETag, so a poller that already has it gets a 304 and
 * nothing is hashed or encoded again per request.
 */
import { createHash } from 'node:crypto';
export class ReadCache {
    maxEntries;
    entries = new Map();
    constructor(maxEntries = 500) {
        this.maxEntries = maxEntries;
    }
    /** The cached reply for `key`, computing and keeping it on a miss. */
    json(key, compute) {
        const hit = this.entries.get(key);
        if (hit !== undefined)
            return hit;
        const body = Buffer.from(JSON.stringify(compute()));
        const reply = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
        // Many distinct query strings would otherwise grow the map without bound.
        if (this.entries.size >= this.maxEntries)
            this.entries.clear();
        this.entries.set(key, reply);
        return reply;
    }
    invalidate() {
        this.entries.clear();
    }
}
//# sourceMappingURL=read-cache.js.map