/**
 * Staff-changeable settings, stored as JSON by key. Defaults live here so a fresh database behaves
 * the documented way without a seeding step.
 */
import { transaction, type Db } from './db.js';

export interface QueueSettings {
  /** Instructors may approve jobs outside their own workshops. */
  instructorsApproveAll: boolean;
  /** Start the next job by itself once a printer is idle and its bed is cleared. Off: staff press start. */
  autoStart: boolean;
  /** Among jobs of equal priority, prefer one in the material the printer has loaded. */
  preferLoadedMaterial: boolean;
}

export const DEFAULT_SETTINGS: QueueSettings = {
  instructorsApproveAll: false,
  autoStart: false,
  preferLoadedMaterial: false,
};

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  all(): QueueSettings {
    const rows = this.db.prepare('SELECT key, value_json FROM settings').all() as Array<{ key: string; value_json: string }>;
    const stored = Object.fromEntries(rows.filter((r) => r.key in DEFAULT_SETTINGS).map((r) => [r.key, JSON.parse(r.value_json)]));
    return { ...DEFAULT_SETTINGS, ...stored };
  }

  update(patch: Partial<QueueSettings>): QueueSettings {
    const stmt = this.db.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json');
    transaction(this.db, () => {
      for (const [key, value] of Object.entries(patch)) {
        if (key in DEFAULT_SETTINGS && value !== undefined) stmt.run(key, JSON.stringify(value));
      }
    });
    return this.all();
  }
}
