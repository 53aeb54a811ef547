/** What the HTTP layer may do with notifications: a user's e-mail language, and the staff's webhook log. */
import { forbidden } from '../jobs/job-policy.js';
import { AppError } from '../core/errors.js';
export class NotificationService {
    recipients;
    deliveries;
    constructor(recipients, deliveries) {
        this.recipients = recipients;
        this.deliveries = deliveries;
    }
    language(actor, userId = actor.userId) {
        return this.recipientFor(actor, userId).language;
    }
    /** Anyone sets their own; staff set a patron's at the desk. */
    setLanguage(actor, language, userId = actor.userId) {
        this.recipientFor(actor, userId);
        this.recipients.setLanguage(userId, language);
        return language;
    }
    webhookDeliveries(actor, limit) {
        if (actor.role !== 'staff')
            throw forbidden('webhook_log_view');
        return this.deliveries.recent(limit);
    }
    recipientFor(actor, userId) {
        if (userId !== actor.userId && actor.role !== 'staff')
            throw forbidden('user_manage');
        const r = this.recipients.recipient(userId);
        if (!r)
            throw new AppError('user_not_found', `user ${userId} does not exist`, 404, { userId });
        return r;
    }
}
//# sourceMappingURL=notification-service.js.map