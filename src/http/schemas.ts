/** Request schemas shared by several routers; each router keeps its own one-off schemas beside it. */
import { z } from 'zod';
import { JOB_STATES } from '../jobs/job-states.js';
import { REVIEW_REASON_CODES } from '../jobs/job-service.js';

export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const printerIdParams = z.strictObject({ id: z.string().min(1).max(32) });

export const noteBody = z.strictObject({ note: z.string().max(2000).nullable().optional() });
/** A missing note is the service's override_note_required, like a blank one, not a schema error. */
export const overrideBody = z.strictObject({ note: z.string().max(2000).optional() });
export const reviewBody = z.strictObject({
  reasonCode: z.enum(REVIEW_REASON_CODES),
  note: z.string().max(2000).nullable().optional(),
});
export const jobIdsBody = z.strictObject({ jobIds: z.array(z.number().int().positive()).min(1).max(500) });

/** `?state=approved,printing` style lists, as a browser's URLSearchParams writes them. */
export const stateList = z.string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(JOB_STATES)));

/** Multipart text fields always arrive as strings. */
export const optionalText = z.string().trim().max(200).optional().transform((s) => (s ? s : null));
/** An infill percentage, from a form field or JSON; which values are offered is the library's (print-choices.ts). */
export const infillField = z.coerce.number().int().min(0).max(100);
/** Supports on or off, from a form field (`true`, `1`, `on`…) or JSON. */
export const supportsField = z.union([z.boolean(), z.string().max(8).transform((v) => ['true', 'yes', 'y', '1', 'on'].includes(v.trim().toLowerCase()))]);

/** What a patron chooses for a print, sent with a file (multipart) or a quote. */
export const printOptionFields = z.object({
  joinCode: optionalText,
  printerId: optionalText,
  material: optionalText,
  colour: optionalText,
  preset: optionalText,
  infillPercent: infillField.optional(),
  supports: supportsField.optional(),
  note: z.string().max(500).optional(),
});

/**
 * A form field read as OctoPrint reads its upload flags: true, yes, y or 1 in any case is true, and
 * anything else false. Refusing an odd spelling would drop the slicer's file.
 */
export const multipartBoolean = z.string().max(16).optional().transform((v) => ['true', 'yes', 'y', '1'].includes((v ?? '').trim().toLowerCase()));
