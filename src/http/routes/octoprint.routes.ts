/**
 * The slice of OctoPrint's API that PrusaSlicer, OrcaSlicer and Cura use to "send to printer" (see
 * design/SLICER-UPLOAD-NOTES.md). An upload lands in our queue like any other: `print=true` means
 * "submit", never "skip approval or the bed-clear gate". Without it (PrusaSlicer's "Upload", OctoPrint's
 * default) the file is stored, not printed: the job waits for approval whoever sent it.
 */
import { z } from 'zod';
import type { ApiContext, Api } from '../api-context.js';
import { octoPrintJobReply, octoPrintPrinterReply } from '../octoprint-state.js';
import { multipartBoolean } from '../schemas.js';
import { storedUpload, uploadMiddleware } from '../upload-middleware.js';

/**
 * Fields the slicers send beside the file; unknown ones (plateindex…) are ignored, as OctoPrint does.
 * `path` names an OctoPrint folder: the queue has none, so it is accepted and not used.
 */
const filesLocalFields = z.object({
  print: multipartBoolean,
  select: multipartBoolean,
  path: z.string().max(1024).optional(),
});

export function registerOctoPrintRoutes(api: Api, ctx: ApiContext): void {
  const firstPrinterStatus = () => ctx.printers.list()[0]?.status() ?? null;

  api.add({
    method: 'get', path: '/api/version', tag: 'octoprint', access: 'user',
    summary: 'Slicer handshake: `text` starts with "OctoPrint" so slicers accept the host type',
    handle: () => ({ api: '0.1', server: ctx.version, text: `OctoPrint-compatible Tulostamo ${ctx.version}` }),
  });

  api.add({
    method: 'get', path: '/api/settings', tag: 'octoprint', access: 'user',
    summary: "Cura's plugin enables its Connect button only when this answers 200",
    handle: () => ({ api: { enabled: true }, feature: { sdSupport: false }, webcam: { webcamEnabled: false } }),
  });

  api.add({
    method: 'get', path: '/api/printer', tag: 'octoprint', access: 'user',
    summary: "The first printer's state in OctoPrint's shape (Cura polls it)",
    handle: () => octoPrintPrinterReply(firstPrinterStatus()),
  });

  api.add({
    method: 'get', path: '/api/job', tag: 'octoprint', access: 'user',
    summary: "The first printer's print in OctoPrint's shape",
    handle: () => octoPrintJobReply(firstPrinterStatus()),
  });

  api.add({
    method: 'post', path: '/api/login', tag: 'octoprint', access: 'user', body: z.object({ passive: z.boolean().optional() }),
    summary: 'Passive login as sent by Cura: answers who the API key belongs to',
    handle: ({ req }) => {
      const user = ctx.auth.caller(req)!.user;
      return { name: user.username, active: !user.disabled, admin: user.role === 'staff' };
    },
  });

  api.add({
    method: 'post', path: '/api/files/local', tag: 'octoprint', access: 'user', status: 201, body: filesLocalFields,
    upload: { middleware: uploadMiddleware(ctx.uploads, ctx.config.maxUploadBytes), fileField: 'file' },
    summary: 'Slicer upload into the queue. With print=true an instructor’s or staff upload is approved after analysis and a patron’s awaits approval; without it every upload awaits approval',
    handle: ({ req, res, actor, body }) => {
      const job = ctx.jobs.submit(actor, storedUpload(req), { holdForApproval: !body.print });
      ctx.analysis.enqueue(job.id);
      // Cura counts the upload as done only with a Location containing `api/`.
      const location = `/api/jobs/${job.id}`;
      res.location(location);
      return {
        done: true,
        job,
        files: { local: { name: job.originalFilename, origin: 'local', refs: { resource: location } } },
      };
    },
  });
}
