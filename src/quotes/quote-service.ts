/**
 * Quotes: an upload analysed (and, for a model, sliced) before it is a job, so the patron sees fit,
 * time, grams and cost before sending it to the queue. The analysis itself runs in the AnalysisRunner,
 * ahead of queued jobs; this service keeps the records, the ownership rule and the expiry.
 *
 *   create(actor, file, options)      → Quote in `analysing` (the caller enqueues it)
 *   requote(actor, id, options)       → a new Quote for the same stored file; the old one is discarded
 *   get / discard
 *   submit(actor, id, options)        → Job, created from the stored analysis in one transaction
 *   analysing(id) / pending() / complete(id, outcome) / fail(id, code)   for the analysis runner
 *   sweep(nowMs)                      deletes expired and discarded quotes, and files and previews nobody needs
 */
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/event-bus.js';
import { forbidden } from '../jobs/job-policy.js';
import type { FileRelease } from '../jobs/file-release.js';
import type { AnalysisOutcome, JobService, SubmitOptions } from '../jobs/job-service.js';
import type { Job } from '../jobs/job-types.js';
import { normaliseJoinCode } from '../jobs/join-code.js';
import type { PolicyService } from '../jobs/policy-service.js';
import type { QueueEvents } from '../jobs/queue-events.js';
import type { StoredFile } from '../uploads/upload-store.js';
import type { Actor } from '../users/user-types.js';
import { canQuote, type QuoteAction } from './quote-policy.js';
import type { QuotePatch, QuoteRepository } from './quote-repository.js';
import type { QuoteEvent } from './quote-states.js';
import { optionsOf, outcomeOfQuote, type Quote, type QuoteOptions } from './quote-types.js';

/** Long enough to think it over at the desk, short enough that abandoned uploads do not pile up. */
export const QUOTE_TTL_MS = 2 * 60 * 60 * 1000;

/** Each quote of a model is a slice on a 2-core host: one person cannot fill the runner with them. */
export const MAX_ANALYSING_QUOTES_PER_OWNER = 3;

/** What a submission may add to a quote (a note, a priority); the file's options were fixed when it was analysed. */
export type QuoteSubmitOptions = QuoteOptions & Pick<SubmitOptions, 'priority'>;

const FIXED_OPTIONS = ['printerId', 'material', 'colour', 'preset', 'infillPercent', 'supports', 'joinCode'] as const;

export interface QuoteServiceDeps {
  quotes: QuoteRepository;
  jobs: JobService;
  policies: PolicyService;
  files: FileRelease;
  bus: EventBus<QueueEvents>;
  now?: () => number;
  ttlMs?: number;
}

export interface QuoteSweepResult { quoteIds: number[]; filesRemoved: number }

function fileOf(q: Quote): StoredFile {
  return { sha256: q.fileSha256, sizeBytes: q.fileSizeBytes, kind: q.fileKind, originalFilename: q.originalFilename };
}

function about(quote: Quote): Record<string, unknown> {
  return { quoteId: quote.id, state: quote.state };
}

export class QuoteService {
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(private readonly deps: QuoteServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.ttlMs = deps.ttlMs ?? QUOTE_TTL_MS;
  }

  /** The same checks as a submission (workshop open, the library's upload rules), so a refusal comes before the wait. */
  create(actor: Actor, file: StoredFile, opts: QuoteOptions = {}): Quote {
    return this.insert(actor, file, opts, null);
  }

  /** Other options for the file already stored: options not given keep the old quote's values. */
  requote(actor: Actor, quoteId: number, opts: QuoteOptions): Quote {
    const old = this.allowed(actor, quoteId, 'requote');
    this.refuseSpent(old);
    const kept = optionsOf(old);
    const changed = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as QuoteOptions;
    const next = this.insert(actor, fileOf(old), { ...kept, ...changed }, old.id);
    this.apply(old.id, 'discarded', {});
    return next;
  }

  get(actor: Actor, quoteId: number): Quote {
    return this.allowed(actor, quoteId, 'view');
  }

  /** The patron chose another file or went away; the sweep deletes the record and any file nobody needs. */
  discard(actor: Actor, quoteId: number): Quote {
    const quote = this.allowed(actor, quoteId, 'discard');
    if (quote.state === 'used') throw new AppError('quote_used', 'this quote is already a job', 409, about(quote));
    return this.apply(quoteId, 'discarded', {}) ?? this.deps.quotes.require(quoteId);
  }

  /**
   * The quote becomes a job with its stored analysis; marking the quote used is part of the job's
   * transaction, so two submissions of one quote make one job.
   */
  submit(actor: Actor, quoteId: number, opts: QuoteSubmitOptions = {}): Job {
    const quote = this.allowed(actor, quoteId, 'submit');
    const asked = (k: (typeof FIXED_OPTIONS)[number]) => (k === 'joinCode' && opts.joinCode ? normaliseJoinCode(opts.joinCode) : opts[k]);
    const differing = FIXED_OPTIONS.filter((k) => opts[k] != null && asked(k) !== quote[k]);
    if (differing.length > 0) {
      throw new AppError('quote_options_differ', 'the quote was made with other options; ask for a new quote', 422, { quoteId, fields: differing });
    }
    this.refuseSpent(quote);
    const outcome = outcomeOfQuote(quote);
    // A refused model has no G-code to print: staff could not override it, so it is not sent.
    if (quote.state === 'refused' && outcome === null) throw new AppError('quote_refused', 'a refused model cannot be sent to the queue', 409, about(quote));
    if (outcome === null) throw new AppError('quote_not_ready', `the quote is ${quote.state}`, 409, about(quote));
    const nowMs = this.now();
    const job = this.deps.jobs.submitAnalysed(actor, fileOf(quote), {
      ...optionsOf(quote), note: opts.note ?? quote.patronNote, priority: opts.priority,
    }, outcome, (created) => {
      // Throwing rolls the job back: another request used the quote between our read and this write.
      if (!this.deps.quotes.transition(quoteId, 'submitted', { jobId: created.id }, nowMs, quote.state)) {
        throw new AppError('quote_used', 'this quote is already a job', 409, about(quote));
      }
    });
    this.announce(this.deps.quotes.require(quoteId));
    return job;
  }

  /** The runner's view: the quote if it still waits for its analysis. */
  analysing(quoteId: number): Quote | null {
    const quote = this.deps.quotes.get(quoteId);
    return quote?.state === 'analysing' ? quote : null;
  }

  /** Quotes a stopped or killed daemon left unanalysed. */
  pending(): Quote[] {
    return this.deps.quotes.inState('analysing');
  }

  /**
   * Records the analysis. A pass is also checked against the library's rules now, so the patron hears
   * of a refusal before submitting; the job checks them again when it is created.
   */
  complete(quoteId: number, result: AnalysisOutcome): Quote | null {
    const quote = this.analysing(quoteId);
    if (!quote) return null;
    if (result.outcome === 'refused') {
      return this.apply(quoteId, 'analysis_refused', { outcome: 'refused', analysis: result.analysis, reasonCode: result.reasonCode });
    }
    const analysis = result.analysis ?? {};
    const subject = { id: null, ownerId: quote.ownerId, ownerRole: quote.ownerRole, material: quote.material, analysis };
    const verdict = this.deps.policies.afterAnalysis(subject, this.now());
    if (verdict.kind === 'refuse') {
      return this.apply(quoteId, 'analysis_refused', { outcome: 'refused', analysis: verdict.analysis, reasonCode: verdict.reasonCode });
    }
    const gcodeSha256 = result.outcome === 'passed' ? result.gcodeSha256 ?? (quote.fileKind === 'gcode' ? quote.fileSha256 : null) : null;
    return this.apply(quoteId, 'analysis_passed', { outcome: result.outcome, analysis, gcodeSha256 });
  }

  /** The analysis could not run (a bug, a vanished file): the patron is told to try again. */
  fail(quoteId: number, reasonCode: string): Quote | null {
    if (!this.analysing(quoteId)) return null;
    return this.apply(quoteId, 'analysis_failed', { reasonCode });
  }

  /**
   * Deletes expired and discarded quotes, then the files (and their previews) none of the remaining
   * jobs and quotes point at. Rows go first: a crash in between leaves orphan objects, which the start-up sweep removes.
   */
  async sweep(nowMs: number): Promise<QuoteSweepResult> {
    const gone = this.deps.quotes.deleteFinished(nowMs);
    if (gone.length === 0) return { quoteIds: [], filesRemoved: 0 };
    const filesRemoved = await this.deps.files.releaseFilesOf(gone);
    return { quoteIds: gone.map((q) => q.id), filesRemoved };
  }

  /** `replacing`: the quote this one takes the place of, which does not count against the owner's limit. */
  private insert(actor: Actor, file: StoredFile, opts: QuoteOptions, replacing: number | null): Quote {
    const nowMs = this.now();
    const max = MAX_ANALYSING_QUOTES_PER_OWNER;
    if (this.deps.quotes.countOwned(actor.userId, 'analysing', replacing) >= max) {
      throw new AppError('quote_limit_reached', `at most ${max} quotes are calculated at once for one person`, 429, { max });
    }
    const workshop = this.deps.jobs.checkSubmission(actor, actor.userId, opts, nowMs);
    const quote = this.deps.quotes.insert({
      ownerId: actor.userId, originalFilename: file.originalFilename, fileSha256: file.sha256, fileSizeBytes: file.sizeBytes,
      fileKind: file.kind, printerId: opts.printerId ?? null, material: opts.material ?? null, colour: opts.colour ?? null,
      preset: opts.preset ?? null, infillPercent: opts.infillPercent ?? null, supports: opts.supports ?? null,
      joinCode: workshop?.joinCode ?? null, workshopId: workshop?.id ?? null,
      patronNote: opts.note?.trim() || null, expiresAtMs: nowMs + this.ttlMs,
    }, nowMs);
    this.announce(quote);
    return quote;
  }

  private refuseSpent(quote: Quote): void {
    if (quote.state === 'used') throw new AppError('quote_used', 'this quote is already a job', 409, about(quote));
    if (quote.state === 'discarded') throw new AppError('quote_discarded', 'this quote was replaced or let go', 409, about(quote));
    if (quote.expiresAtMs <= this.now()) throw new AppError('quote_expired', 'this quote has expired; upload the file again', 410, about(quote));
  }

  private allowed(actor: Actor, quoteId: number, action: QuoteAction): Quote {
    const quote = this.deps.quotes.require(quoteId);
    if (!canQuote(actor, action, quote)) throw forbidden(`${action}_quote`);
    return quote;
  }

  private apply(quoteId: number, event: QuoteEvent, patch: QuotePatch): Quote | null {
    const quote = this.deps.quotes.transition(quoteId, event, patch, this.now());
    if (quote) this.announce(quote);
    return quote;
  }

  private announce(quote: Quote): void {
    this.deps.bus.emit('quote:changed', { quote });
  }
}
