/**
 * Reads e-mail templates: a staff-edited copy in `<dataDir>/notification-templates/<lang>/` wins
 * over the built-in one in src/notifications/templates/. Read on every send, so edits apply at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// tsc does not copy .txt files into dist/, so the compiled module falls back to the sources.
function builtInDir() {
    const beside = fileURLToPath(new URL('./templates/', import.meta.url));
    if (existsSync(beside))
        return beside;
    return fileURLToPath(new URL('../../src/notifications/templates/', import.meta.url));
}
export const OVERRIDE_DIR_NAME = 'notification-templates';
export class TemplateStore {
    dirs;
    constructor(dataDir, builtIn = builtInDir()) {
        this.dirs = [join(dataDir, OVERRIDE_DIR_NAME), builtIn];
    }
    template(language, kind) {
        return this.read(language, `${kind}.txt`);
    }
    /** Review reason codes in words, `code = text` per line. */
    reasons(language) {
        const lines = this.read(language, 'reasons.txt').split(/\r?\n/);
        return Object.fromEntries(lines
            .map((line) => /^([a-z_]+)\s*=\s*(.+)$/.exec(line.trim()))
            .filter((m) => m !== null)
            .map((m) => [m[1], m[2]]));
    }
    read(language, file) {
        for (const dir of this.dirs) {
            const path = join(dir, language, file);
            if (existsSync(path))
                return readFileSync(path, 'utf8');
        }
        throw new Error(`no ${language}/${file} among the notification templates`);
    }
}
//# sourceMappingURL=template-store.js.map