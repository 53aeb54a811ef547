/**
 * Printers: live status for everyone signed in; control (connect, pause, cancel, emergency stop, a
 * terminal line) for staff; the bed-clear gate and the start button through the dispatcher.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { canDo, forbidden } from '../../jobs/job-policy.js';
import type { PrinterController } from '../../printer/printer-types.js';
import type { Actor } from '../../users/user-types.js';
import type { ApiContext, Api } from '../api-context.js';
import { printerIdParams } from '../schemas.js';
import { statusFor } from '../status-view.js';

const lineBody = z.strictObject({ line: z.string().min(1).max(256).refine((s) => !/[\r\n]/.test(s), 'one line only') });
const startBody = z.strictObject({ jobId: z.number().int().positive().optional() });
const logQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).optional() });

type ControlAction = 'connect' | 'disconnect' | 'pause' | 'resume';

export function registerPrinterRoutes(api: Api, ctx: ApiContext): void {
  /** Staff see whose print is on the bed; the jobRef of a print started outside the queue names no job. */
  const jobOn = (actor: Actor, p: PrinterController) => {
    const jobId = Number(p.status().print?.jobRef);
    if (actor.role !== 'staff' || !Number.isInteger(jobId) || jobId <= 0) return undefined;
    try {
      const job = ctx.jobs.get(actor, jobId);
      const layers = job.analysis?.layers;
      return {
        id: job.id, ownerDisplayName: job.ownerDisplayName, originalFilename: job.originalFilename,
        layers: typeof layers === 'number' ? layers : null,
      };
    } catch (err) {
      if (err instanceof AppError && err.code === 'job_not_found') return null;
      throw err;
    }
  };
  const summaryOf = (actor: Actor, p: PrinterController) => ({
    id: p.id, state: p.state(), bed: ctx.dispatcher.bed(p.id).bedState, status: statusFor(actor, p.status()), job: jobOn(actor, p),
  });
  const controlled = (actor: Actor, id: string): PrinterController => {
    if (!canDo(actor, 'printer_control')) throw forbidden('printer_control');
    return ctx.printers.get(id);
  };

  api.add({
    method: 'get', path: '/api/printers', tag: 'printers', access: 'user',
    summary: 'Every printer with its `id`, `state`, bed state and status',
    handle: ({ actor }) => ({ printers: ctx.printers.list().map((p) => summaryOf(actor, p)) }),
  });

  api.add({
    method: 'get', path: '/api/printers/:id', tag: 'printers', access: 'user', params: printerIdParams,
    summary: 'One printer’s status',
    handle: ({ actor, params }) => ({ printer: summaryOf(actor, ctx.printers.get(params.id)) }),
  });

  const controls: Record<ControlAction, string> = {
    connect: 'Open the link to the printer', disconnect: 'Close the link',
    pause: 'Pause the print (park, keep temperatures)', resume: 'Resume a paused print where it stopped',
  };
  for (const action of Object.keys(controls) as ControlAction[]) {
    api.add({
      method: 'post', path: `/api/printers/:id/${action}`, tag: 'printers', access: 'user', params: printerIdParams,
      summary: `${controls[action]} (staff)`,
      handle: async ({ actor, params }) => {
        const p = controlled(actor, params.id);
        if (action === 'pause' || action === 'resume') ctx.dispatcher.noteControl(params.id, actor.userId);
        await p[action]();
        return { printer: summaryOf(actor, p) };
      },
    });
  }

  api.add({
    method: 'post', path: '/api/printers/:id/cancel', tag: 'printers', access: 'user', params: printerIdParams,
    summary: 'Cancel the running print; its job is recorded as cancelled (staff)',
    handle: async ({ actor, params }) => {
      const p = controlled(actor, params.id);
      const jobId = Number(p.status().print?.jobRef);
      // A queue job is cancelled through the queue so its record and the printer agree.
      if (Number.isInteger(jobId) && jobId > 0) await ctx.jobs.cancel(actor, jobId, null);
      else await p.cancel();
      return { printer: summaryOf(actor, p) };
    },
  });

  api.add({
    method: 'post', path: '/api/printers/:id/emergency-stop', tag: 'printers', access: 'user', params: printerIdParams,
    summary: 'M112 at once, ahead of everything; returns without waiting for the printer (staff)',
    handle: ({ actor, params }) => {
      controlled(actor, params.id).emergencyStop();
      return { sent: true };
    },
  });

  api.add({
    method: 'post', path: '/api/printers/:id/gcode', tag: 'printers', access: 'user', params: printerIdParams, body: lineBody,
    summary: 'Send one G-code line (staff); while printing only status queries',
    handle: ({ actor, params, body }) => {
      controlled(actor, params.id).sendLine(body.line);
      return { sent: true };
    },
  });

  api.add({
    method: 'get', path: '/api/printers/:id/log', tag: 'printers', access: 'user', params: printerIdParams, query: logQuery,
    summary: 'The recent serial traffic (staff)',
    handle: async ({ actor, params, query }) => ({ log: await controlled(actor, params.id).serialLog(query.limit) }),
  });

  api.add({
    method: 'post', path: '/api/printers/:id/bed-cleared', tag: 'printers', access: 'user', params: printerIdParams,
    summary: 'Staff looked: the bed is empty, the next job may start',
    handle: ({ actor, params }) => ({ bed: ctx.dispatcher.markBedCleared(actor, params.id) }),
  });

  api.add({
    method: 'post', path: '/api/printers/:id/bed-occupied', tag: 'printers', access: 'user', params: printerIdParams,
    summary: 'Something is on the bed: hold the queue for this printer',
    handle: ({ actor, params }) => ({ bed: ctx.dispatcher.markBedOccupied(actor, params.id) }),
  });

  api.add({
    method: 'get', path: '/api/printers/:id/next-job', tag: 'printers', access: 'user', params: printerIdParams,
    summary: 'The job a start would pick (staff)',
    handle: ({ actor, params }) => {
      if (!canDo(actor, 'job_start')) throw forbidden('job_start');
      return { job: ctx.dispatcher.nextJobFor(params.id) };
    },
  });

  api.add({
    method: 'post', path: '/api/printers/:id/start', tag: 'printers', access: 'user', params: printerIdParams, body: startBody,
    summary: 'Start the next (or the chosen) approved job; needs an idle printer and a cleared bed (staff)',
    handle: async ({ actor, params, body }) => ({ job: await ctx.dispatcher.start(actor, params.id, body.jobId) }),
  });
}
