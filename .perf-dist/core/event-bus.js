export class EventBus {
    listeners = new Map();
    on(event, owner, fn) {
        const list = this.listeners.get(event) ?? [];
        list.push({ owner, fn: fn });
        this.listeners.set(event, list);
    }
    emit(event, payload) {
        for (const l of this.listeners.get(event) ?? [])
            l.fn(payload);
    }
    removeOwner(owner) {
        for (const [k, list] of this.listeners)
            this.listeners.set(k, list.filter((l) => l.owner !== owner));
    }
}
//# sourceMappingURL=event-bus.js.map