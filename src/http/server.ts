/**
 * The express application: JSON API under /api (one registry → routes + OpenAPI), the UI build at /,
 * and the single error handler last.
 */
import express, { type Express } from 'express';
import { ApiRegistry } from './api-registry.js';
import type { ApiContext } from './api-context.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { openApiDocument } from './openapi.js';
import { registerJobRoutes } from './routes/jobs.routes.js';
import { registerNotificationRoutes } from './routes/notifications.routes.js';
import { registerOctoPrintRoutes } from './routes/octoprint.routes.js';
import { registerPickupRoutes } from './routes/pickup.routes.js';
import { registerPolicyRoutes } from './routes/policies.routes.js';
import { registerPrinterRoutes } from './routes/printers.routes.js';
import { registerPrivacyRoutes } from './routes/privacy.routes.js';
import { registerQueueRoutes } from './routes/queue.routes.js';
import { registerQuoteRoutes } from './routes/quotes.routes.js';
import { registerReportRoutes } from './routes/reports.routes.js';
import { registerReservationRoutes } from './routes/reservations.routes.js';
import { registerSessionRoutes } from './routes/session.routes.js';
import { registerUserRoutes } from './routes/users.routes.js';
import { registerWorkshopRoutes } from './routes/workshops.routes.js';
import { staticUi } from './static-ui.js';

export function createHttpApp(ctx: ApiContext, log: (err: unknown) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS proxy req.secure follows X-Forwarded-Proto, so the session cookie gets `Secure`.
  if (ctx.config.behindHttpsProxy) app.set('trust proxy', 1);

  const api = new ApiRegistry((req, access) => ctx.auth.actorFor(req, access));
  registerSessionRoutes(api, ctx);
  registerJobRoutes(api, ctx);
  registerQuoteRoutes(api, ctx);
  registerPrinterRoutes(api, ctx);
  registerQueueRoutes(api, ctx);
  registerWorkshopRoutes(api, ctx);
  registerUserRoutes(api, ctx);
  registerOctoPrintRoutes(api, ctx);
  registerReportRoutes(api, ctx);
  registerReservationRoutes(api, ctx);
  registerNotificationRoutes(api, ctx);
  registerPickupRoutes(api, ctx);
  registerPolicyRoutes(api, ctx);
  registerPrivacyRoutes(api, ctx);
  api.addPublic({
    method: 'get', path: '/api/openapi.json', tag: 'meta', access: 'public', summary: 'This document',
    handle: () => document,
  });
  const document = openApiDocument(api, ctx.version);

  const router = express.Router();
  router.use('/api', express.json({ limit: '256kb' }));
  api.mount(router);
  router.use('/api', notFoundHandler);
  app.use(router);
  const ui = staticUi(ctx.config.webDir);
  if (ui) app.use(ui);
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
