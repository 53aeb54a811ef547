/** The quote as the service, the HTTP layer and the desk see it (camelCase; the repository maps columns). */
import type { AnalysisOutcome, SubmitOptions } from '../jobs/job-service.js';
import type { Job } from '../jobs/job-types.js';
import type { QuoteState } from './quote-states.js';

/** The file, its owner and the choices a quote shares with the job it becomes. */
type QuotedFile = Pick<Job, 'ownerId' | 'ownerRole' | 'originalFilename' | 'fileSha256' | 'fileSizeBytes' | 'fileKind' | 'gcodeSha256'
  | 'printerId' | 'material' | 'colour' | 'preset' | 'infillPercent' | 'supports' | 'workshopId' | 'patronNote' | 'analysis'>;

/** `gcodeSha256` is set once a model's analysis passed (the upload itself for G-code); `analysis` once analysed. */
export interface Quote extends QuotedFile {
  id: number;
  state: QuoteState;
  joinCode: string | null;
  /** How the analysis ended (null while analysing, or when it failed). */
  outcome: AnalysisOutcome['outcome'] | null;
  /** Why it was refused or failed. */
  reasonCode: string | null;
  /** The job it became. */
  jobId: number | null;
  createdAtMs: number;
  updatedAtMs: number;
  expiresAtMs: number;
}

/** What the patron chose for the print, as for a job; a re-quote changes these and keeps the file. */
export type QuoteOptions = Pick<SubmitOptions, 'printerId' | 'material' | 'colour' | 'preset' | 'infillPercent' | 'supports' | 'joinCode' | 'note'>;

/** The options a quote was made with, for a re-quote or the job. */
export function optionsOf(q: Quote): QuoteOptions {
  return {
    printerId: q.printerId, material: q.material, colour: q.colour, preset: q.preset, infillPercent: q.infillPercent, supports: q.supports,
    joinCode: q.joinCode, note: q.patronNote,
  };
}

/**
 * A ready quote's stored outcome, in the shape the job service records; a refused G-code quote's refusal
 * (it becomes a refused job, for staff to override or not); null for any other state.
 */
export function outcomeOfQuote(q: Quote): AnalysisOutcome | null {
  if (q.state === 'refused' && q.fileKind === 'gcode' && q.analysis !== null) {
    return { outcome: 'refused', analysis: q.analysis, reasonCode: q.reasonCode ?? 'policy_refused' };
  }
  if (q.state !== 'ready' || q.analysis === null) return null;
  if (q.outcome === 'needs_slicing') return { outcome: 'needs_slicing', analysis: q.analysis };
  return { outcome: 'passed', analysis: q.analysis, ...(q.gcodeSha256 && q.fileKind !== 'gcode' ? { gcodeSha256: q.gcodeSha256 } : {}) };
}
