export class RecipientRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    recipient(userId) {
        const row = this.db.prepare('SELECT id, display_name, email, language FROM users WHERE id = ?').get(userId);
        return row ? { userId: row.id, displayName: row.display_name, email: row.email, language: row.language } : null;
    }
    setLanguage(userId, language) {
        this.db.prepare('UPDATE users SET language = ? WHERE id = ?').run(language, userId);
    }
}
//# sourceMappingURL=recipient-repository.js.map