/** What the HTTP layer may do with notifications: a user's e-mail language, and the staff's webhook log. */
import { forbidden } from '../jobs/job-policy.js';
import type { Actor } from '../users/user-types.js';
import type { Language } from './notification-kinds.js';
import type { RecipientRepository } from './recipient-repository.js';
import type { WebhookDelivery, WebhookRepository } from './webhook-repository.js';
import { AppError } from '../core/errors.js';

export class NotificationService {
  constructor(private readonly recipients: RecipientRepository, private readonly deliveries: WebhookRepository) {}

  language(actor: Actor, userId = actor.userId): Language {
    return this.recipientFor(actor, userId).language;
  }

  /** Anyone sets their own; staff set a patron's at the desk. */
  setLanguage(actor: Actor, language: Language, userId = actor.userId): Language {
    this.recipientFor(actor, userId);
    this.recipients.setLanguage(userId, language);
    return language;
  }

  webhookDeliveries(actor: Actor, limit: number): WebhookDelivery[] {
    if (actor.role !== 'staff') throw forbidden('webhook_log_view');
    return this.deliveries.recent(limit);
  }

  private recipientFor(actor: Actor, userId: number) {
    if (userId !== actor.userId && actor.role !== 'staff') throw forbidden('user_manage');
    const r = this.recipients.recipient(userId);
    if (!r) throw new AppError('user_not_found', `user ${userId} does not exist`, 404, { userId });
    return r;
  }
}
