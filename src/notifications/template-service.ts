/** Staff read, edit and restore the e-mail templates; an edit is checked before it can reach a patron. */
import { forbidden } from '../jobs/job-policy.js';
import type { Actor } from '../users/user-types.js';
import { LANGUAGES, MAIL_PLACEHOLDERS, NOTIFICATION_KINDS, type Language, type NotificationKind } from './notification-kinds.js';
import { checkTemplate } from './template-render.js';
import type { TemplateStore } from './template-store.js';

export interface TemplateEntry { kind: NotificationKind; language: Language; text: string; overridden: boolean }

export class TemplateService {
  constructor(private readonly store: TemplateStore) {}

  list(actor: Actor): { templates: TemplateEntry[]; placeholders: readonly string[] } {
    staffOnly(actor);
    const templates = NOTIFICATION_KINDS.flatMap((kind) => LANGUAGES.map((language) => this.entry(language, kind)));
    return { templates, placeholders: MAIL_PLACEHOLDERS };
  }

  update(actor: Actor, language: Language, kind: NotificationKind, text: string): TemplateEntry {
    staffOnly(actor);
    checkTemplate(text, `${language}/${kind}`, MAIL_PLACEHOLDERS);
    this.store.override(language, kind, text);
    return this.entry(language, kind);
  }

  restore(actor: Actor, language: Language, kind: NotificationKind): TemplateEntry {
    staffOnly(actor);
    this.store.restore(language, kind);
    return this.entry(language, kind);
  }

  private entry(language: Language, kind: NotificationKind): TemplateEntry {
    return { kind, language, text: this.store.template(language, kind), overridden: this.store.isOverridden(language, kind) };
  }
}

function staffOnly(actor: Actor): void {
  if (actor.role !== 'staff') throw forbidden('template_edit');
}
