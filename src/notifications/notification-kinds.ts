/** Which queue changes a patron hears about, and in which languages. Pure. */
import type { QueueEvents } from '../jobs/queue-events.js';

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const NOTIFICATION_KINDS = [
  'approved', 'rejected', 'sent_back', 'printing', 'failed', 'ready_for_pickup', 'reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What every mail template may say; `reason` and `note` are empty where a kind has none. */
export const MAIL_PLACEHOLDERS = ['displayName', 'jobNumber', 'fileName', 'printerId', 'reason', 'note'] as const;
export type MailPlaceholder = (typeof MAIL_PLACEHOLDERS)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The e-mail a job change calls for, or null. `reminder` comes from pickup follow-up, not from a change. */
export function notificationFor(change: Pick<QueueEvents['job:changed'], 'event' | 'to'>): NotificationKind | null {
  switch (change.event) {
    case 'approved': return 'approved';
    case 'rejected': return 'rejected';
    case 'sent_back': return 'sent_back';
    case 'print_started': return 'printing';
    case 'print_finished': return 'ready_for_pickup';
    case 'print_failed': case 'start_failed': case 'interrupted': return 'failed';
    default: return null;
  }
}
