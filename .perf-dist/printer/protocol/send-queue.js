const PRIORITY = ['system', 'operator', 'poll', 'job'];
/** A FIFO that drops consumed entries in batches, so shifting a million job lines stays O(1). */
class Fifo {
    items = [];
    head = 0;
    get length() { return this.items.length - this.head; }
    push(item) { this.items.push(item); }
    peek() { return this.items[this.head]; }
    shift() {
        const item = this.items[this.head];
        if (item === undefined)
            return undefined;
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return item;
    }
    clear() { this.items = []; this.head = 0; }
    some(pred) {
        for (let i = this.head; i < this.items.length; i++)
            if (pred(this.items[i]))
                return true;
        return false;
    }
}
export class SendQueues {
    fifos = new Map(PRIORITY.map((s) => [s, new Fifo()]));
    push(item) {
        this.fifos.get(item.command.source).push(item);
    }
    hasDedupeKey(key) {
        for (const fifo of this.fifos.values())
            if (fifo.some((q) => q.command.dedupeKey === key))
                return true;
        return false;
    }
    peek() {
        for (const s of PRIORITY) {
            const item = this.fifos.get(s).peek();
            if (item)
                return item;
        }
        return undefined;
    }
    shift() {
        for (const s of PRIORITY) {
            const fifo = this.fifos.get(s);
            if (fifo.length > 0)
                return fifo.shift();
        }
        return undefined;
    }
    count(source) {
        if (source)
            return this.fifos.get(source).length;
        let n = 0;
        for (const fifo of this.fifos.values())
            n += fifo.length;
        return n;
    }
    drop(source) {
        const n = this.count(source);
        if (source)
            this.fifos.get(source).clear();
        else
            for (const fifo of this.fifos.values())
                fifo.clear();
        return n;
    }
}
//# sourceMappingURL=send-queue.js.map