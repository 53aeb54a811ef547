export const LANGUAGES = ['fi', 'sv', 'en'];
export const NOTIFICATION_KINDS = [
    'approved', 'rejected', 'sent_back', 'printing', 'failed', 'ready_for_pickup', 'reminder',
];
export function isLanguage(value) {
    return LANGUAGES.includes(value);
}
/** The e-mail a job change calls for, or null. `reminder` comes from pickup follow-up, not from a change. */
export function notificationFor(change) {
    switch (change.event) {
        case 'approved': return 'approved';
        case 'rejected': return 'rejected';
        case 'sent_back': return 'sent_back';
        case 'print_started': return 'printing';
        case 'print_finished': return 'ready_for_pickup';
        case 'print_failed':
        case 'start_failed':
        case 'interrupted': return 'failed';
        default: return null;
    }
}
//# sourceMappingURL=notification-kinds.js.map