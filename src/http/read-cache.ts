/**
 * Serialized replies of hot read endpoints (the job list that every open UI and lobby board polls),
 * kept until anything that could change them happens. app.ts calls `invalidate()` on every queue
 * event and every printer status push (progress is saved on those), so a cached reply is never older
 * than the newest change.
 */
export class ReadCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries = 500) {}

  /** The cached JSON text for `key`, computing and keeping it on a miss. */
  json(key: string, compute: () => unknown): string {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const text = JSON.stringify(compute());
    // Many distinct query strings would otherwise grow the map without bound.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, text);
    return text;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
