/**
 * Puts approved jobs on printers, and records what the printers report about them. Small on purpose
 * (after Moonraker's job_queue): it starts a job only when the printer is idle AND staff marked its
 * bed cleared AND no start is already under way there, and re-reads the job after every await.
 *
 *   recoverAtStartup()                      starting/printing/paused → interrupted; cleared beds → unknown
 *   attach() / detach()                     follow the printers' events
 *   markBedCleared(actor, printerId)        staff only; the gate that lets the next job start
 *   markBedOccupied(actor, printerId)
 *   start(actor, printerId, jobId?)         staff press start (the next job, or a chosen one)
 *   setSlotCheck(check)                     bookings and closing time, from app.ts (the library side opens later)
 *   nextJobFor(printerId)                   what start would pick
 *   bed(printerId) / beds()
 *   cancelActiveJob(actor, job, note)       JobService.cancel hands jobs on a printer here
 *
 * Auto-start (setting `autoStart`, off by default) runs the same start path by itself whenever a
 * printer may take a job; it never skips the bed gate. A start that the printer refuses fails the job
 * (staff may requeue it). Once a job is starting, the bed counts as occupied. A job that would run into
 * a booking of its printer or past closing time is refused on an explicit start and skipped by the pick.
 */
import type { TimelineStore } from '../composition/timeline-store.js';
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/event-bus.js';
import type { PrinterController, PrinterEvents, PrintProgress } from '../printer/printer-types.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { UploadStore } from '../uploads/upload-store.js';
import type { Actor } from '../users/user-types.js';
import type { BedRecord, BedRepository, BedState } from './bed-repository.js';
import { isCompatible, pickNextJob, startBlocker, type SlotCheck, type SlotRefusal } from './dispatch-rules.js';
import { canDo, forbidden } from './job-policy.js';
import type { JobRepository } from './job-repository.js';
import type { JobService } from './job-service.js';
import type { PolicyService } from './policy-service.js';
import { ACTIVE_JOB_STATES, type JobEvent } from './job-states.js';
import type { Job } from './job-types.js';
import type { QueueEvents } from './queue-events.js';
import type { WorkshopRepository } from './workshop-repository.js';

export interface DispatchPrinter {
  controller: PrinterController;
  /** The filament loaded now, for "prefer loaded material"; null when unknown. */
  loadedMaterial?: () => string | null;
}

export interface DispatcherDeps {
  jobs: JobRepository;
  jobService: JobService;
  policies: PolicyService;
  beds: BedRepository;
  workshops: WorkshopRepository;
  settings: SettingsRepository;
  uploads: UploadStore;
  /** The analysis's per-layer times, handed to the printer with the file. */
  timelines: Pick<TimelineStore, 'read'>;
  bus: EventBus<QueueEvents>;
  printers: readonly DispatchPrinter[];
  now?: () => number;
  /** How often a running print's progress is written (and on every layer change). */
  progressSaveIntervalMs?: number;
  /** Where a failure inside a printer-event handler goes; it must not travel back into the controller. */
  log?: (message: string, err: unknown) => void;
}

type Handlers = { [K in keyof PrinterEvents]?: (payload: PrinterEvents[K]) => void };

/** The queue's job id from a printer's jobRef; prints started outside the queue (CLI labels) are not ours. */
function jobIdOf(jobRef: string): number | null {
  return /^\d+$/.test(jobRef) ? Number(jobRef) : null;
}

export class Dispatcher {
  private readonly now: () => number;
  private readonly log: (message: string, err: unknown) => void;
  private readonly progressSaveIntervalMs: number;
  private readonly printers = new Map<string, DispatchPrinter>();
  private readonly startingOn = new Set<string>();
  private readonly cancelling = new Set<number>();
  private readonly lastProgressSave = new Map<number, { atMs: number; layer: number | null }>();
  /** Who asked a printer to pause or resume, until its state changes: the job's event names them. */
  private readonly controlledBy = new Map<string, number>();
  private readonly handlers = new Map<string, Handlers>();
  private slotCheck: SlotCheck | null = null;

  constructor(private readonly deps: DispatcherDeps) {
    this.now = deps.now ?? Date.now;
    this.progressSaveIntervalMs = deps.progressSaveIntervalMs ?? 5000;
    this.log = deps.log ?? ((message, err) => console.error(message, err));
    for (const p of deps.printers) this.printers.set(p.controller.id, p);
    deps.jobService.setActiveJobCanceller(this);
  }

  /** Bookings live on the library side, which opens on this queue's database after the dispatcher exists. */
  setSlotCheck(check: SlotCheck): void {
    this.slotCheck = check;
  }

  printerIds(): string[] {
    return [...this.printers.keys()];
  }

  /**
   * Run once before serving. Nothing resumes on its own: a job a printer held when the daemon died is
   * `interrupted`, keeping its last saved progress (line, byte offset, layer) for staff.
   */
  recoverAtStartup(): { interruptedJobIds: number[]; bedsForgotten: number } {
    const nowMs = this.now();
    const interruptedJobIds: number[] = [];
    const bedsForgotten = this.deps.jobs.transactionally(() => {
      for (const job of this.deps.jobs.list({ states: ACTIVE_JOB_STATES })) {
        this.deps.jobs.transition(job.id, { event: 'interrupted', actorId: null, reasonCode: 'daemon_restarted' }, nowMs);
        if (job.printerId) this.deps.beds.set(job.printerId, 'occupied', null, nowMs);
        interruptedJobIds.push(job.id);
      }
      return this.deps.beds.forgetClearedAfterRestart(nowMs);
    });
    if (interruptedJobIds.length > 0 || bedsForgotten > 0) this.deps.bus.emit('queue:changed', { atMs: nowMs });
    return { interruptedJobIds, bedsForgotten };
  }

  attach(): void {
    for (const [printerId, p] of this.printers) {
      const h: Handlers = {
        'printer:print_started': (e) => this.onStarted(e.jobRef),
        'printer:print_finished': (e) => this.onEnded(printerId, e.jobRef, 'print_finished', null, e.progress),
        'printer:print_failed': (e) => this.onEnded(printerId, e.jobRef, 'print_failed', e.code, e.progress),
        'printer:print_interrupted': (e) => this.onEnded(printerId, e.jobRef, 'interrupted', e.code, e.progress),
        'printer:state_changed': (e) => this.onStateChanged(printerId, e),
        'printer:status': (e) => { if (e.print) this.onProgress(e.print); },
      };
      for (const [event, fn] of Object.entries(h) as Array<[keyof PrinterEvents, (payload: unknown) => void]>) {
        h[event] = this.guarded(printerId, event, fn);
        p.controller.on(event, h[event] as never);
      }
      this.handlers.set(printerId, h);
    }
    this.deps.bus.on('queue:changed', 'dispatcher', () => this.scheduleAutoStart());
  }

  detach(): void {
    for (const [printerId, h] of this.handlers) {
      const controller = this.printer(printerId).controller;
      for (const [event, fn] of Object.entries(h)) controller.off(event as keyof PrinterEvents, fn as never);
    }
    this.handlers.clear();
    this.deps.bus.removeOwner('dispatcher');
  }

  bed(printerId: string): BedRecord {
    this.printer(printerId);
    return this.deps.beds.get(printerId);
  }

  beds(): BedRecord[] {
    return this.printerIds().map((id) => this.deps.beds.get(id));
  }

  markBedCleared(actor: Actor, printerId: string): BedRecord {
    if (!canDo(actor, 'bed_clear')) throw forbidden('bed_clear');
    const holding = this.activeJobOn(printerId);
    if (holding) {
      throw new AppError('printer_busy', `printer ${printerId} is working on job ${holding.id}`, 409, { printerId, jobId: holding.id });
    }
    return this.setBed(printerId, 'cleared', actor.userId);
  }

  markBedOccupied(actor: Actor, printerId: string): BedRecord {
    if (!canDo(actor, 'bed_clear')) throw forbidden('bed_clear');
    return this.setBed(printerId, 'occupied', actor.userId);
  }

  nextJobFor(printerId: string): Job | null {
    const p = this.printer(printerId);
    const nowMs = this.now();
    // The library's hours, overnight rules and bookings decide per moment; a job held back now is picked later.
    const queue = this.deps.jobs.list({ states: ['approved'] }).filter((j) => isCompatible(j, printerId, this.workshopPrinters)
      && this.deps.policies.dispatchFindings(j, nowMs).length === 0 && this.slotRefusalFor(j, printerId, nowMs) === null);
    return pickNextJob(queue, { printerId, loadedMaterial: p.loadedMaterial?.() ?? null }, this.workshopPrinters,
      this.deps.settings.all().preferLoadedMaterial);
  }

  /** Staff start: the chosen job, or the next one for this printer. Resolves once the printer accepted it. */
  async start(actor: Actor, printerId: string, jobId?: number): Promise<Job> {
    if (!canDo(actor, 'job_start')) throw forbidden('job_start');
    return this.startOn(printerId, jobId, actor.userId);
  }

  async cancelActiveJob(actor: Actor, job: Job, note: string | null): Promise<Job> {
    const p = job.printerId === null ? undefined : this.printers.get(job.printerId);
    this.cancelling.add(job.id);
    try {
      // Stop the printer before the record says so: a "cancelled" job must not still be printing.
      if (p) await p.controller.cancel();
      const current = this.deps.jobs.require(job.id);
      return this.deps.jobService.apply(job.id, { event: 'cancelled', actorId: actor.userId, expectedState: current.state, note },
        () => { if (job.printerId) this.deps.beds.set(job.printerId, 'occupied', null, this.now()); });
    } finally {
      this.cancelling.delete(job.id);
    }
  }

  private async startOn(printerId: string, jobId: number | undefined, actorId: number | null): Promise<Job> {
    const p = this.printer(printerId);
    const blocker = startBlocker(p.controller.state(), this.deps.beds.get(printerId).bedState, this.startingOn.has(printerId));
    if (blocker) throw new AppError(blocker, `printer ${printerId} cannot start a job now: ${blocker}`, 409, { printerId });
    const job = jobId === undefined ? this.nextJobFor(printerId) : this.deps.jobs.require(jobId);
    if (!job) throw new AppError('no_job_ready', `no approved job fits printer ${printerId}`, 409, { printerId });
    if (!isCompatible(job, printerId, this.workshopPrinters)) {
      throw new AppError('job_not_startable', `job ${job.id} cannot start on ${printerId}`, 409, { printerId, jobId: job.id, state: job.state });
    }
    const nowMs = this.now();
    const findings = this.deps.policies.dispatchFindings(job, nowMs);
    if (findings.length > 0) {
      throw new AppError(findings[0].code, `job ${job.id} may not start now: ${findings[0].code}`, 409, { printerId, jobId: job.id, findings });
    }
    const slot = this.slotRefusalFor(job, printerId, nowMs);
    if (slot) throw new AppError(slot.code, `job ${job.id} may not start now: ${slot.code}`, 409, { jobId: job.id, ...slot.params });
    this.startingOn.add(printerId);
    try {
      this.deps.jobService.apply(job.id,
        { event: 'start_requested', actorId, expectedState: 'approved', patch: { printerId, progress: null } },
        () => this.deps.beds.set(printerId, 'occupied', actorId, this.now()));
      this.deps.bus.emit('printer:bed_changed', { printerId, bedState: 'occupied', actorId });
      try {
        const gcodeSha256 = job.gcodeSha256!;
        await p.controller.startPrint({
          jobRef: String(job.id), filePath: this.deps.uploads.pathOf(gcodeSha256, 'gcode'), fileName: job.originalFilename,
          timeline: this.deps.timelines.read(gcodeSha256),
        });
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'printer_start_failed';
        const now = this.deps.jobs.require(job.id);
        if (now.state === 'starting' && !this.cancelling.has(job.id)) {
          this.deps.jobService.apply(job.id, { event: 'start_failed', actorId: null, expectedState: 'starting', reasonCode: code });
        }
        throw err instanceof AppError ? err : new AppError(code, (err as Error).message, 502, { printerId, jobId: job.id });
      }
      const after = this.deps.jobs.require(job.id);
      // print_started may already have moved it; a cancel during the start must not leave the printer running.
      if (after.state === 'starting') return this.deps.jobService.apply(job.id, { event: 'print_started', actorId: null, expectedState: 'starting' });
      if (after.state === 'cancelled') await p.controller.cancel();
      return after;
    } finally {
      this.startingOn.delete(printerId);
    }
  }

  private slotRefusalFor(job: Job, printerId: string, nowMs: number): SlotRefusal | null {
    if (!this.slotCheck) return null;
    // Without an estimate only a booking already under way can be seen; the policies may refuse such a job outright.
    const endMs = nowMs + Math.max(1, (job.analysis?.estimateS ?? 0) * 1000);
    const refusal = this.slotCheck(printerId, nowMs, endMs);
    // Overnight prints are meant to run past closing; the policies decide when they may start.
    if (refusal?.code === 'past_closing_time' && this.deps.policies.runsOvernight(job)) return null;
    return refusal;
  }

  private guarded(printerId: string, event: string, fn: (payload: unknown) => void): (payload: unknown) => void {
    return (payload) => {
      try {
        fn(payload);
      } catch (err) {
        this.log(`dispatcher: ${event} from ${printerId} could not be recorded`, err);
      }
    };
  }

  private onStarted(jobRef: string): void {
    const job = this.ourJob(jobRef);
    if (job?.state === 'starting') this.deps.jobService.apply(job.id, { event: 'print_started', actorId: null, expectedState: 'starting' });
  }

  private onEnded(printerId: string, jobRef: string, event: JobEvent, reasonCode: string | null, progress: PrintProgress): void {
    const job = this.ourJob(jobRef);
    this.lastProgressSave.delete(job?.id ?? -1);
    // Whatever ended the print, something may be on the bed now.
    if (!job || this.cancelling.has(job.id) || !ACTIVE_JOB_STATES.includes(job.state)) {
      this.setBed(printerId, 'occupied', null);
      return;
    }
    this.recordOutcome(job, event, reasonCode, progress, () => this.deps.beds.set(printerId, 'occupied', null, this.now()));
    this.deps.bus.emit('printer:bed_changed', { printerId, bedState: 'occupied', actorId: null });
  }

  /**
   * A print can end before the start was written as `printing` (the printer's events may overtake
   * startPrint's resolution): a failure then is a failed start, a finish goes through `printing`.
   */
  private recordOutcome(job: Job, event: JobEvent, reasonCode: string | null, progress: PrintProgress, alongside: () => void): void {
    const patch = { progress };
    if (job.state !== 'starting' || event === 'interrupted') {
      this.deps.jobService.apply(job.id, { event, actorId: null, expectedState: job.state, reasonCode, patch }, alongside);
    } else if (event === 'print_failed') {
      this.deps.jobService.apply(job.id, { event: 'start_failed', actorId: null, expectedState: 'starting', reasonCode, patch }, alongside);
    } else {
      this.deps.jobService.apply(job.id, { event: 'print_started', actorId: null, expectedState: 'starting' });
      this.deps.jobService.apply(job.id, { event, actorId: null, expectedState: 'printing', reasonCode, patch }, alongside);
    }
  }

  /**
   * Staff asked `printerId` to pause or resume: the `paused`/`resumed` event the printer's state change
   * brings is theirs. Without one (a filament change the file asked for), the event has no actor.
   */
  noteControl(printerId: string, actorId: number): void {
    this.controlledBy.set(printerId, actorId);
  }

  private onStateChanged(printerId: string, e: PrinterEvents['printer:state_changed']): void {
    const job = this.activeJobOn(printerId);
    if (job?.state === 'printing' && e.to === 'paused') {
      this.deps.jobService.apply(job.id, { event: 'paused', actorId: this.takeControl(printerId), expectedState: 'printing' });
    } else if (job?.state === 'paused' && e.to === 'printing') {
      this.deps.jobService.apply(job.id, { event: 'resumed', actorId: this.takeControl(printerId), expectedState: 'paused' });
    } else if (e.to === 'idle') {
      this.scheduleAutoStart();
    }
  }

  private takeControl(printerId: string): number | null {
    const actorId = this.controlledBy.get(printerId) ?? null;
    this.controlledBy.delete(printerId);
    return actorId;
  }

  private onProgress(progress: PrintProgress): void {
    const jobId = jobIdOf(progress.jobRef);
    if (jobId === null) return;
    const nowMs = this.now();
    const last = this.lastProgressSave.get(jobId);
    if (last && nowMs - last.atMs < this.progressSaveIntervalMs && last.layer === progress.layer) return;
    this.deps.jobs.saveProgress(jobId, progress, nowMs);
    this.lastProgressSave.set(jobId, { atMs: nowMs, layer: progress.layer });
  }

  private scheduleAutoStart(): void {
    if (!this.deps.settings.all().autoStart) return;
    // After the current transaction's listeners have run, never inside them.
    queueMicrotask(() => {
      for (const printerId of this.printers.keys()) {
        const p = this.printer(printerId);
        if (startBlocker(p.controller.state(), this.deps.beds.get(printerId).bedState, this.startingOn.has(printerId))) continue;
        if (!this.nextJobFor(printerId)) continue;
        // A refused start is already recorded on the job; there is no one to tell here.
        this.startOn(printerId, undefined, null).catch(() => undefined);
      }
    });
  }

  private setBed(printerId: string, bedState: BedState, actorId: number | null): BedRecord {
    this.printer(printerId);
    this.deps.beds.set(printerId, bedState, actorId, this.now());
    this.deps.bus.emit('printer:bed_changed', { printerId, bedState, actorId });
    if (bedState === 'cleared') this.scheduleAutoStart();
    return this.deps.beds.get(printerId);
  }

  private activeJobOn(printerId: string): Job | null {
    return this.deps.jobs.list({ printerId, states: ACTIVE_JOB_STATES })[0] ?? null;
  }

  private ourJob(jobRef: string): Job | null {
    const id = jobIdOf(jobRef);
    return id === null ? null : this.deps.jobs.get(id);
  }

  private printer(printerId: string): DispatchPrinter {
    const p = this.printers.get(printerId);
    if (!p) throw new AppError('printer_not_found', `no printer ${printerId}`, 404, { printerId });
    return p;
  }

  private readonly workshopPrinters = (workshopId: number): readonly string[] =>
    this.deps.workshops.get(workshopId)?.printerIds ?? [];
}
