/** SQL for who an e-mail goes to and in which language (users.language, migration 030). */
import type { Db } from '../storage/db.js';
import type { Language } from './notification-kinds.js';

export interface Recipient { userId: number; displayName: string; email: string | null; language: Language }

export class RecipientRepository {
  constructor(private readonly db: Db) {}

  recipient(userId: number): Recipient | null {
    const row = this.db.prepare('SELECT id, display_name, email, language FROM users WHERE id = ?').get(userId) as
      { id: number; display_name: string; email: string | null; language: Language } | undefined;
    return row ? { userId: row.id, displayName: row.display_name, email: row.email, language: row.language } : null;
  }

  setLanguage(userId: number, language: Language): void {
    this.db.prepare('UPDATE users SET language = ? WHERE id = ?').run(language, userId);
  }
}
