/** A typed event bus; listeners are registered under an owner so a subsystem can remove all of its own at once. */
export type EventMap = Record<string, unknown>;
type Listener<T> = (payload: T) => void;

export class EventBus<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Array<{ owner: string; fn: Listener<never> }>>();

  on<K extends keyof E>(event: K, owner: string, fn: Listener<E[K]>): void {
    const list = this.listeners.get(event) ?? [];
    list.push({ owner, fn: fn as Listener<never> });
    this.listeners.set(event, list);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    for (const l of this.listeners.get(event) ?? []) (l.fn as Listener<E[K]>)(payload);
  }

  removeOwner(owner: string): void {
    for (const [k, list] of this.listeners) this.listeners.set(k, list.filter((l) => l.owner !== owner));
  }
}
