/**
 * Staff-changeable settings, stored as JSON by key. Defaults live here so a fresh database behaves
 * the documented way without a seeding step.
 */
import { transaction } from './db.js';
export const DEFAULT_SETTINGS = {
    instructorsApproveAll: false,
    autoStart: false,
    preferLoadedMaterial: false,
};
export class SettingsRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    all() {
        const rows = this.db.prepare('SELECT key, value_json FROM settings').all();
        const stored = Object.fromEntries(rows.filter((r) => r.key in DEFAULT_SETTINGS).map((r) => [r.key, JSON.parse(r.value_json)]));
        return { ...DEFAULT_SETTINGS, ...stored };
    }
    update(patch) {
        const stmt = this.db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json');
        transaction(this.db, () => {
            for (const [key, value] of Object.entries(patch)) {
                if (key in DEFAULT_SETTINGS && value !== undefined)
                    stmt.run(key, JSON.stringify(value));
            }
        });
        return this.all();
    }
}
//# sourceMappingURL=settings-repository.js.map