/**
 * The job as the services, the HTTP layer and the UI see it (camelCase; the repository maps columns).
 */
import type { PrintProgress } from '../printer/printer-types.js';
import type { FileKind } from '../uploads/file-kind.js';
import type { Role } from '../users/user-types.js';
import type { JobEvent, JobState } from './job-states.js';

/**
 * Filled by the analysis code (G-code header, slicing, policy checks). Known fields are typed; the
 * analysis may add more, and the queue stores them as given.
 */
export interface JobAnalysis {
  estimateS?: number | null;
  filamentGrams?: number | null;
  costCents?: number | null;
  fitsBed?: boolean | null;
  /** Severity words belong to the analysis (e.g. 'refuse', 'warn'); the queue only stores them. */
  findings?: ReadonlyArray<{ code: string; severity: string; params?: Record<string, unknown> }>;
  /** Where GET /api/jobs/:id/preview.png comes from; absent when the file has no preview. */
  preview?: 'mesh' | 'gcode_thumbnail';
  [key: string]: unknown;
}

export interface Job {
  id: number;
  ownerId: number;
  ownerDisplayName: string;
  ownerRole: Role;
  workshopId: number | null;
  /** The instructor of the job's workshop: the person (besides staff) who may approve it. */
  workshopInstructorId: number | null;
  state: JobState;
  /** As the patron named it (Unicode, e.g. `kääntö osa.gcode`); shown, never used as a path. */
  originalFilename: string;
  fileSha256: string;
  fileSizeBytes: number;
  fileKind: FileKind;
  /** The G-code to stream: the upload itself for G-code, the slicer's output for models; null until sliced. */
  gcodeSha256: string | null;
  /** Requested printer while queued; the printer holding it once started. */
  printerId: string | null;
  material: string | null;
  colour: string | null;
  preset: string | null;
  /** The patron's infill from the library's list; null: the preset's own. */
  infillPercent: number | null;
  /** Supports on or off, as the patron chose; null: off. */
  supports: boolean | null;
  /** The uploader asked for it to be stored, not printed (a slicer's Upload): it waits for approval whoever sent it. */
  holdForApproval: boolean;
  analysis: JobAnalysis | null;
  /** Derived from `analysis.preview`, so the UI knows whether to ask for preview.png. */
  hasPreview: boolean;
  /** Higher runs first. */
  priority: number;
  /** Submission order within a priority; reordering rewrites it. */
  position: number;
  /** The last progress the printer acknowledged; kept after an interruption for staff to see. */
  progress: PrintProgress | null;
  submittedAtMs: number;
  updatedAtMs: number;
  version: number;
  /** The shelf or box staff put the finished print in; shown to the patron. */
  pickupLocation: string | null;
  /** The patron's message to the instructor, written at submission (the note of the `submitted` event). */
  patronNote: string | null;
  /** Retention removed the model and G-code; the row stays for statistics. */
  filesDeletedAtMs: number | null;
  /** Why a refused job was refused (the reason of its last `refused` event), with the params its sentence needs; null otherwise. */
  refusal: JobRefusal | null;
}

export interface JobRefusal {
  code: string;
  params: Record<string, unknown>;
}

type Params = Record<string, unknown>;
interface Coded { code?: string; params?: Params }

/**
 * The params for a refusal's sentence, wherever the analysis put them: its error, a finding (the
 * file's or the library rules'), the slicing error. Shared by jobs here and quotes in the UI.
 */
export function refusalParams(analysis: { readonly [key: string]: unknown } | null, code: string | null): Params {
  const a = (analysis ?? {}) as { error?: Coded; findings?: readonly Coded[]; policyFindings?: readonly Coded[]; slicing?: { error?: Coded } };
  if (a.error?.code === code) return a.error.params ?? {};
  const finding = a.findings?.find((f) => f.code === code) ?? a.policyFindings?.find((f) => f.code === code);
  if (finding) return finding.params ?? {};
  return a.slicing?.error?.code === code ? a.slicing.error.params ?? {} : {};
}

/**
 * A job as listed: waiting jobs also carry their place in the whole queue (1 = next) and the seconds
 * until it should be done, the same figures the lobby board shows.
 */
export interface ListedJob extends Job {
  queuePosition?: number;
  etaS?: number | null;
}

/** `submitted` marks the job's creation; every other row is a transition from the table. */
export type JobEventKind = JobEvent | 'submitted';

export interface JobEventRecord {
  id: number;
  jobId: number;
  atMs: number;
  /** null: the system (analysis, dispatcher, start-up recovery). */
  actorId: number | null;
  event: JobEventKind;
  fromState: JobState | null;
  toState: JobState;
  reasonCode: string | null;
  note: string | null;
}
