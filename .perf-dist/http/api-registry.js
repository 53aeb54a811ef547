import { z } from 'zod';
const empty = z.object({});
export class ApiRegistry {
    actorOf;
    routes = [];
    constructor(actorOf) {
        this.actorOf = actorOf;
    }
    /** A route for signed-in callers: the handler always has an actor. */
    add(def) {
        this.routes.push(def);
    }
    /** A route anyone may call; the actor is there when the caller happens to be signed in. */
    addPublic(def) {
        this.routes.push(def);
    }
    list() { return this.routes; }
    mount(router) {
        for (const def of this.routes) {
            const handlers = [];
            // Authentication first, so an anonymous upload is refused before a byte reaches the disk.
            handlers.push((req, _res, next) => { this.actorOf(req, def.access); next(); });
            if (def.upload)
                handlers.push(def.upload.middleware);
            handlers.push(async (req, res) => {
                const actor = this.actorOf(req, def.access);
                const params = (def.params ?? empty).parse(req.params);
                const query = (def.query ?? empty).parse(req.query);
                const body = def.body ? def.body.parse(req.body ?? {}) : {};
                const result = await def.handle({ req, res, actor, params, query, body });
                if (result !== undefined && !res.headersSent)
                    res.status(def.status ?? 200).json(result);
            });
            router[def.method](def.path, ...handlers);
        }
    }
}
//# sourceMappingURL=api-registry.js.map