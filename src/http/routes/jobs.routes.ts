/** Jobs: upload, list, read, the review and pickup transitions, ordering, and the G-code download. */
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { readLayerMoves } from '../../analysis/gcode/layer-file.js';
import { AppError } from '../../core/errors.js';
import { can } from '../../jobs/job-policy.js';
import type { Job } from '../../jobs/job-types.js';
import type { StoredFile } from '../../uploads/upload-store.js';
import type { Actor } from '../../users/user-types.js';
import type { ApiContext, Api } from '../api-context.js';
import { forbidden } from '../../jobs/job-policy.js';
import { idParams, jobIdsBody, noteBody, overrideBody, printOptionFields, reviewBody, stateList } from '../schemas.js';
import { storedUpload, uploadMiddleware } from '../upload-middleware.js';
import { checkPrintChoices } from './print-choices.js';

const submitFields = printOptionFields.extend({
  priority: z.coerce.number().int().min(-1000).max(1000).optional(),
  /** A quote of the caller's (POST /api/quotes) instead of a file: the job takes its stored file and analysis. */
  quoteId: z.coerce.number().int().positive().optional(),
});

const listQuery = z.strictObject({
  state: stateList.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  workshopId: z.coerce.number().int().positive().optional(),
  printerId: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

const layerParams = idParams.extend({ n: z.coerce.number().int().min(0).max(100_000) });

const priorityBody = jobIdsBody.extend({ priority: z.number().int().min(-1000).max(1000) });

export function registerJobRoutes(api: Api, ctx: ApiContext): void {
  const upload = { middleware: uploadMiddleware(ctx.uploads, ctx.config.maxUploadBytes), fileField: 'file' };

  // A JSON body naming a quote skips the upload parser; everything else is parsed as an upload, as before.
  const uploadOrQuote: RequestHandler = (req, res, next) => {
    if (req.is('application/json') && (req.body as { quoteId?: unknown } | undefined)?.quoteId !== undefined) next();
    else upload.middleware(req, res, next);
  };
  api.add({
    method: 'post', path: '/api/jobs', tag: 'jobs', access: 'user', status: 201, body: submitFields,
    upload: { middleware: uploadOrQuote, fileField: 'file', orJson: true },
    summary: 'Upload a model or G-code (multipart field `file`) into the queue, or send a ready quote (`quoteId`, JSON or form field)',
    handle: ({ req, actor, body }) => {
      if (body.quoteId !== undefined) {
        if (req.file) throw new AppError('quote_with_file', 'send either a file or a quote, not both', 422, { quoteId: body.quoteId });
        return { job: ctx.quotes.submit(actor, body.quoteId, body) };
      }
      checkPrintChoices(ctx, body);
      const job = ctx.jobs.submit(actor, storedUpload(req), body);
      ctx.analysis.enqueue(job.id);
      return { job };
    },
  });

  api.add({
    method: 'get', path: '/api/jobs', tag: 'jobs', access: 'user', query: listQuery,
    summary: 'Jobs the caller may see, in queue order (patrons: their own); waiting jobs carry `queuePosition` and `etaS`',
    handle: ({ req, res, actor, query }) => {
      // What a caller sees depends on who they are: staff share one view, everyone else has their own.
      const viewer = actor.role === 'staff' ? 'staff' : `user:${actor.userId}`;
      const reply = ctx.readCache.json(`jobs|${viewer}|${req.url}`, () => ({
        jobs: ctx.jobs.listWithQueue(actor, { ...query, states: query.state }, ctx.printers.list().length),
      }));
      res.set('ETag', reply.etag).type('json').send(reply.body);
      return undefined;
    },
  });

  api.add({
    method: 'get', path: '/api/jobs/:id', tag: 'jobs', access: 'user', params: idParams,
    summary: 'One job with its `state`',
    handle: ({ actor, params }) => ({ job: ctx.jobs.get(actor, params.id) }),
  });

  api.add({
    method: 'get', path: '/api/jobs/:id/events', tag: 'jobs', access: 'user', params: idParams,
    summary: "The job's audit trail",
    handle: ({ actor, params }) => ({ events: ctx.jobs.events(actor, params.id) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/:id/approve', tag: 'review', access: 'user', params: idParams, body: noteBody,
    summary: 'Approve a job (its workshop instructor or staff)',
    handle: ({ actor, params, body }) => ({ job: ctx.jobs.approve(actor, params.id, body.note ?? null) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/:id/reject', tag: 'review', access: 'user', params: idParams, body: reviewBody,
    summary: 'Reject a job with a reason code',
    handle: ({ actor, params, body }) => ({ job: ctx.jobs.reject(actor, params.id, body.reasonCode, body.note ?? null) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/:id/send-back', tag: 'review', access: 'user', params: idParams, body: reviewBody,
    summary: 'Send a job back to its owner to fix and resubmit',
    handle: ({ actor, params, body }) => ({ job: ctx.jobs.sendBack(actor, params.id, body.reasonCode, body.note ?? null) }),
  });

  /** A new file for an existing job, which then goes through analysis again. */
  const fileForJob = (path: string, summary: string, take: (actor: Actor, jobId: number, file: StoredFile) => Job) => api.add({
    method: 'post', path, tag: 'jobs', access: 'user', params: idParams, upload, summary,
    handle: ({ req, actor, params }) => {
      const job = take(actor, params.id, storedUpload(req));
      ctx.analysis.enqueue(job.id);
      return { job };
    },
  });

  fileForJob('/api/jobs/:id/resubmit', 'Replace a sent-back job’s file and start it over', (a, id, file) => ctx.jobs.resubmit(a, id, file));

  api.add({
    method: 'post', path: '/api/jobs/:id/cancel', tag: 'jobs', access: 'user', params: idParams, body: noteBody,
    summary: 'Cancel a job; a job on a printer is stopped first',
    handle: async ({ actor, params, body }) => ({ job: await ctx.jobs.cancel(actor, params.id, body.note ?? null) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/:id/collected', tag: 'jobs', access: 'user', params: idParams,
    summary: 'The print was handed over',
    handle: ({ actor, params }) => ({ job: ctx.jobs.collect(actor, params.id) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/:id/override', tag: 'jobs', access: 'user', params: idParams, body: overrideBody,
    summary: 'Approve a refused job anyway (staff), with a note that is kept in its events',
    handle: ({ actor, params, body }) => ({ job: ctx.jobs.overrideRefusal(actor, params.id, body.note ?? '') }),
  });

  api.add({
    method: 'post', path: '/api/jobs/:id/requeue', tag: 'jobs', access: 'user', params: idParams, body: noteBody,
    summary: 'Put a failed or interrupted job back in the approved queue (staff)',
    handle: ({ actor, params, body }) => ({ job: ctx.jobs.requeue(actor, params.id, body.note ?? null) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/reorder', tag: 'jobs', access: 'user', body: jobIdsBody,
    summary: 'Put these jobs in this order, in the queue slots they hold',
    handle: ({ actor, body }) => ({ jobs: ctx.jobs.reorder(actor, body.jobIds) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/priority', tag: 'jobs', access: 'user', body: priorityBody,
    summary: 'Set the priority of several jobs',
    handle: ({ actor, body }) => ({ jobs: ctx.jobs.setPriority(actor, body.jobIds, body.priority) }),
  });

  api.add({
    method: 'post', path: '/api/jobs/approve', tag: 'review', access: 'user', body: jobIdsBody.extend(noteBody.shape),
    summary: 'Approve several jobs; per-job results',
    handle: ({ actor, body }) => ctx.jobs.approveMany(actor, body.jobIds, body.note ?? null),
  });

  fileForJob('/api/jobs/:id/gcode', 'Attach G-code staff sliced themselves to a job waiting in needs_slicing (staff); it is analysed next',
    (a, id, file) => ctx.jobs.attachGcode(a, id, file));

  api.add({
    method: 'get', path: '/api/jobs/:id/preview.png', tag: 'jobs', access: 'user', params: idParams,
    summary: 'The job’s preview: the model drawn from above, or the thumbnail embedded in G-code (404 preview_unavailable)',
    handle: async ({ res, actor, params }) => {
      const path = await previewPath(ctx.jobs.get(actor, params.id), ctx);
      // Revalidated every time: a resubmitted job keeps its URL but gets a new picture.
      res.type('png').set('Cache-Control', 'private, no-cache');
      res.sendFile(path);
      return undefined;
    },
  });

  api.add({
    method: 'get', path: '/api/jobs/:id/layers/:n', tag: 'jobs', access: 'user', params: layerParams,
    summary: 'The extruded paths of layer `n` (0-based) as polylines [x0, y0, x1, y1, …] in mm, with `layerCount` (404 layer_not_found)',
    handle: async ({ res, actor, params }) => {
      const moves = await layerOf(ctx.jobs.get(actor, params.id), params.n, ctx);
      // The G-code of a job never changes under the same hash, but a resubmit swaps the hash under the same URL.
      res.set('Cache-Control', 'private, no-cache');
      return moves;
    },
  });

  api.add({
    method: 'get', path: '/api/jobs/:id/gcode', tag: 'jobs', access: 'user', params: idParams,
    summary: 'Download the G-code that will be (or was) printed (staff)',
    handle: ({ res, actor, params }) => {
      const job = ctx.jobs.get(actor, params.id);
      if (!can(actor, 'download_gcode', job, ctx.settings.all())) throw forbidden('download_gcode');
      sendGcode(res, job, ctx);
      return undefined;
    },
  });
}

/** One layer's extrusion paths for the layer preview, read in one streaming pass (anyone who may see the job). */
async function layerOf(job: Job, layer: number, ctx: ApiContext) {
  if (!job.gcodeSha256 || job.filesDeletedAtMs !== null) throw new AppError('gcode_not_ready', 'this job has no G-code yet', 409, { jobId: job.id });
  const moves = await readLayerMoves(ctx.uploads.pathOf(job.gcodeSha256, 'gcode'), layer);
  if (layer >= moves.layerCount) {
    throw new AppError('layer_not_found', `the file has ${moves.layerCount} layers`, 404, { layer, layerCount: moves.layerCount });
  }
  return moves;
}

async function previewPath(job: Job, ctx: ApiContext): Promise<string> {
  const unavailable = () => new AppError('preview_unavailable', 'this job has no preview', 404, { jobId: job.id });
  if (!job.hasPreview) throw unavailable();
  const path = ctx.previews.pathOf(job.fileSha256);
  if (await ctx.previews.has(job.fileSha256)) return path;
  // The cache is only a cache: a model preview can be drawn again while the model is kept.
  const bbox = job.analysis?.bbox as Parameters<typeof ctx.previews.ensureModelPreview>[2] | undefined;
  if (job.analysis?.preview !== 'mesh' || !bbox || job.filesDeletedAtMs !== null || job.fileKind === 'gcode') throw unavailable();
  if (!(await ctx.previews.ensureModelPreview(job.fileSha256, ctx.uploads.pathOf(job.fileSha256, job.fileKind), bbox))) throw unavailable();
  return path;
}

function sendGcode(res: Response, job: Job, ctx: ApiContext): void {
  if (!job.gcodeSha256) throw new AppError('gcode_not_ready', 'this job has no G-code yet', 409, { jobId: job.id });
  const name = job.originalFilename.replace(/\.[^.]*$/, '') + '.gcode';
  // The filename is the patron's, so it goes out RFC 5987-encoded and never into a path.
  res.attachment(name);
  res.sendFile(ctx.uploads.pathOf(job.gcodeSha256, 'gcode'));
}
