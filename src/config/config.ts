/**
 * The daemon's settings: one typed object with defaults, read from an optional JSON file. An unknown or
 * misspelt key stops start-up, because a silently ignored `maxUploadByte` would leave the default limit on.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../core/errors.js';

const printerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/),
  /** Name of a file in firmware-profiles/ without `.json`. */
  profile: z.string().min(1).default('marlin'),
  /** Serial device path; absent = the built-in virtual printer. */
  serialPath: z.string().min(1).optional(),
  baudRate: z.number().int().positive().default(115200),
  /** Materials loaded, for "prefer the loaded material" dispatch. */
  material: z.string().optional(),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const openingIntervalSchema = z.strictObject({ opens: clockTime, closes: clockTime })
  .refine((i) => i.opens < i.closes, 'opens must be before closes');
const weekdayHours = z.array(openingIntervalSchema).default([]);
const weekHours = z.strictObject({
  mon: weekdayHours, tue: weekdayHours, wed: weekdayHours, thu: weekdayHours, fri: weekdayHours,
  sat: weekdayHours, sun: weekdayHours,
}).default({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

/** The library's week; a booking must fit inside one opening (intervals that touch, across midnight too, are joined). Times are local to `timeZone`. */
const librarySchema = z.strictObject({
  /** IANA zone the opening hours, report months and date ranges are read in. */
  timeZone: z.string().min(1).default('Europe/Helsinki'),
  openingHours: weekHours,
  /** Holidays and other whole days the library is shut, as YYYY-MM-DD. */
  closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  /** Rooms the library lends besides its printers (e.g. a game room, a small-group room). */
  spaces: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/), name: z.string().min(1).max(100) })).default([]),
});

/** Outgoing mail; absent = no e-mail is sent. */
const smtpSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  from: z.string().min(3),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().optional(),
  pass: z.string().optional(),
});

const webhookSchema = z.strictObject({
  url: z.url(),
  /** Shared with the receiver, which recomputes X-Tulostamo-Signature over the raw body. */
  secret: z.string().min(16),
  /** Event names to send (e.g. `job:changed`, `booking:created`); empty = all. */
  events: z.array(z.string()).default([]),
});

const materialList = z.array(z.string().min(1)).optional();

/** Pickup, print rules, self-service hours and retention (issue #6); every rule is off unless set. */
const policiesSchema = z.strictObject({
  maxPrintHours: z.number().positive().nullable().default(null),
  maxFilamentGrams: z.number().positive().nullable().default(null),
  maxOpenJobsPerPatron: z.number().int().positive().nullable().default(null),
  maxJobsPerPatronPerMonth: z.number().int().positive().nullable().default(null),
  /** Materials each audience may print in; an audience left out may use any. */
  materialsByAudience: z.strictObject({
    patron: materialList, trained_patron: materialList, instructor: materialList, staff: materialList,
  }).default({}),
  mustFinishBeforeClosing: z.boolean().default(false),
  /** Prints longer than this many hours only start after `overnightStartsAt` and may run past closing. */
  overnightOnlyOverHours: z.number().positive().nullable().default(null),
  overnightStartsAt: clockTime.default('18:00'),
  /** Staff in the building, not at the desk (local to library.timeZone); trained patrons are auto-approved then. */
  selfServiceHours: weekHours,
  reminderAfterDays: z.array(z.number().positive()).default([3]),
  /** null = a print waits on the shelf until collected. */
  unclaimedAfterDays: z.number().positive().nullable().default(14),
  /** Models and G-code of collected (or unclaimed) prints are deleted this many days later; null = kept. */
  deleteFilesAfterDays: z.number().positive().nullable().default(30),
  /** How often the pickup and retention sweeps run. */
  sweepIntervalMs: z.number().int().positive().default(15 * 60 * 1000),
});

export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('data'),
  host: z.string().default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Cookies get `Secure` and req.protocol honours X-Forwarded-Proto when a TLS proxy is in front. */
  behindHttpsProxy: z.boolean().default(false),
  maxUploadBytes: z.number().int().positive().default(100 * 1024 * 1024),
  /**
   * All uploads together are read no faster than this (MB = 2^20 bytes), so an upload burst leaves CPU for
   * the print stream (issue #3). Patrons upload over Wi-Fi at a few MB/s. 0 = unlimited.
   */
  uploadRateLimitMBps: z.number().min(0).default(32),
  /**
   * Each file is analysed in a child process that is killed past these limits (the job is refused with
   * analysis_memory_exceeded / analysis_timeout). A 1 M-triangle STL peaks near 160 MB.
   */
  analysisMemoryCapMb: z.number().int().min(64).default(512),
  analysisTimeoutMs: z.number().int().positive().default(3 * 60_000),
  sessionTtlMs: z.number().int().positive().default(12 * 60 * 60 * 1000),
  /** Status pushes are coalesced to at most this rate per printer (issue #3: ≤ 4 Hz). */
  statusMaxHz: z.number().positive().max(4).default(4),
  /** Instructors may approve jobs outside their own workshops. */
  instructorsApproveAll: z.boolean().default(false),
  /** Start the next approved job as soon as a printer is idle and its bed cleared. Off: staff press start. */
  autoStart: z.boolean().default(false),
  /** Speed-up of the virtual printer's clock, for demos (1 = real time). */
  virtualTimeScale: z.number().positive().default(1),
  /**
   * Each printer's link (serial port, sender, the lines in flight) runs in a process of its own, so a
   * busy daemon does not starve the printer. Off: in the daemon's thread, as on a simulated clock.
   */
  linkInOwnProcess: z.boolean().default(true),
  printers: z.array(printerSchema).default([]),
  /** Static UI build; served at /, /approvals, /staff, /board when present. */
  webDir: z.string().default('web/dist'),
  library: librarySchema.default(librarySchema.parse({})),
  smtp: smtpSchema.optional(),
  webhooks: z.array(webhookSchema).default([]),
  /** First webhook retry waits this long; each further one twice as long. */
  webhookRetryBaseMs: z.number().int().positive().default(30_000),
  webhookMaxAttempts: z.number().int().min(1).max(20).default(8),
  policies: policiesSchema.default(policiesSchema.parse({})),
});

export type Config = z.infer<typeof configSchema>;
export type PrinterConfig = z.infer<typeof printerSchema>;
export type LibraryConfig = z.infer<typeof librarySchema>;
export type OpeningHours = LibraryConfig['openingHours'];
export type SmtpConfig = z.infer<typeof smtpSchema>;
export type WebhookConfig = z.infer<typeof webhookSchema>;
export type PoliciesConfig = z.infer<typeof policiesSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Validates a config object; every problem is listed in one `config_invalid` error. */
export function parseConfig(input: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AppError('config_invalid', `${source}: ${problems.join('; ')}`, 500, { source, problems });
}

/** Reads `--config FILE` (JSON) and lays command-line/environment overrides on top. */
export function loadConfig(file: string | undefined, overrides: Partial<Config> = {}): Config {
  let fromFile: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (err) {
      throw new AppError('config_unreadable', `${file}: ${(err as Error).message}`, 500, { file });
    }
    try { fromFile = JSON.parse(text) as Record<string, unknown>; } catch (err) {
      throw new AppError('config_invalid', `${file}: ${(err as Error).message}`, 500, { source: file });
    }
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return parseConfig({ ...fromFile, ...defined }, file ?? 'config');
}
