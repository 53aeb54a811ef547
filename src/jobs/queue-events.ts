/** What the queue tells the rest of the daemon (the live gateway forwards these to socket.io). */
import type { JobState } from './job-states.js';
import type { Job, JobEventKind } from './job-types.js';
import type { BedState } from './bed-repository.js';
import type { Quote } from '../quotes/quote-types.js';

export type QueueEvents = {
  /** After every committed transition (and submission). */
  'job:changed': {
    job: Job; from: JobState | null; to: JobState; event: JobEventKind; actorId: number | null; reasonCode: string | null;
  };
  /** Order, membership or states of the queue changed; listeners re-read what they show. */
  'queue:changed': { atMs: number };
  'printer:bed_changed': { printerId: string; bedState: BedState; actorId: number | null };
  /** The pickup sweep recorded a reminder; the notifications side e-mails the patron. */
  'job:pickup_reminder_due': { job: Job; reminderNumber: number; readyAtMs: number; deadlineMs: number | null };
  /** A quote was made, analysed, used or let go; only its owner (and staff) may see it. */
  'quote:changed': { quote: Quote };
};
