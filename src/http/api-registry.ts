/**
 * One declaration per endpoint yields both the express route (with zod validation) and its OpenAPI
 * entry, so the served document cannot drift from what the server accepts (Moonraker's APIDefinition idea).
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';

/** Who may reach a handler at all; what a signed-in caller may do is the domain's `can()`/`canDo()`. */
export type Access = 'public' | 'user';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerContext<A, P, Q, B> {
  req: Request;
  res: Response;
  /** The authenticated caller (null only on `public` routes). */
  actor: A;
  params: P;
  query: Q;
  body: B;
}

export interface RouteDef<A, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Express path, `/api/jobs/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Multipart upload: the middleware runs before validation, `body` then describes its text fields.
   * `orJson`: the body may instead be JSON that names a file already stored (the file is then optional).
   */
  upload?: { middleware: RequestHandler; fileField: string; orJson?: boolean };
  /** Status of a success reply (200 by default). */
  status?: number;
  /** Documented success schema. */
  response?: z.ZodType;
  /** Returns the JSON reply, or undefined when it wrote the response itself (downloads). */
  handle(ctx: HandlerContext<A, z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown> | unknown;
}

type AnyRoute<A> = RouteDef<A, z.ZodType, z.ZodType, z.ZodType>;

const empty = z.object({});

export class ApiRegistry<A> {
  private readonly routes: AnyRoute<A>[] = [];

  constructor(private readonly actorOf: (req: Request, access: Access) => A | null) {}

  /** A route for signed-in callers: the handler always has an actor. */
  add<P extends z.ZodType = typeof empty, Q extends z.ZodType = typeof empty, B extends z.ZodType = typeof empty>(
    def: RouteDef<A, P, Q, B> & { access: 'user' },
  ): void {
    this.routes.push(def as unknown as AnyRoute<A>);
  }

  /** A route anyone may call; the actor is there when the caller happens to be signed in. */
  addPublic<P extends z.ZodType = typeof empty, Q extends z.ZodType = typeof empty, B extends z.ZodType = typeof empty>(
    def: RouteDef<A | null, P, Q, B> & { access: 'public' },
  ): void {
    this.routes.push(def as unknown as AnyRoute<A>);
  }

  list(): readonly AnyRoute<A>[] { return this.routes; }

  mount(router: Router): void {
    for (const def of this.routes) {
      const handlers: RequestHandler[] = [];
      // Authentication first, so an anonymous upload is refused before a byte reaches the disk.
      handlers.push((req, _res, next) => { this.actorOf(req, def.access); next(); });
      if (def.upload) handlers.push(def.upload.middleware);
      handlers.push(async (req, res) => {
        const actor = this.actorOf(req, def.access) as A;
        const params = (def.params ?? empty).parse(req.params);
        const query = (def.query ?? empty).parse(req.query);
        const body = def.body ? def.body.parse(req.body ?? {}) : {};
        const result = await def.handle({ req, res, actor, params, query, body });
        if (result !== undefined && !res.headersSent) res.status(def.status ?? 200).json(result);
      });
      router[def.method](def.path, ...handlers);
    }
  }
}
