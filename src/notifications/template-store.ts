/**
 * Reads e-mail templates: a staff-edited copy in `<dataDir>/notification-templates/<lang>/` wins
 * over the built-in one in src/notifications/templates/. Read on every send, so edits apply at once.
 * The one owner of those files: staff edits are written and removed here too.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language, NotificationKind } from './notification-kinds.js';

// tsc does not copy .txt files into dist/, so the compiled module falls back to the sources.
function builtInDir(): string {
  const beside = fileURLToPath(new URL('./templates/', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../src/notifications/templates/', import.meta.url));
}

export const OVERRIDE_DIR_NAME = 'notification-templates';

export class TemplateStore {
  private readonly dirs: string[];
  private readonly overrideDir: string;

  constructor(dataDir: string, builtIn = builtInDir()) {
    this.overrideDir = join(dataDir, OVERRIDE_DIR_NAME);
    this.dirs = [this.overrideDir, builtIn];
  }

  template(language: Language, kind: NotificationKind): string {
    return this.read(language, `${kind}.txt`);
  }

  isOverridden(language: Language, kind: NotificationKind): boolean {
    return existsSync(this.overridePath(language, kind));
  }

  /** Written beside and renamed, so a mail sent meanwhile reads the old text or the new, never half. */
  override(language: Language, kind: NotificationKind, source: string): void {
    const path = this.overridePath(language, kind);
    mkdirSync(join(this.overrideDir, language), { recursive: true });
    writeFileSync(`${path}.tmp`, source, 'utf8');
    renameSync(`${path}.tmp`, path);
  }

  /** Back to the built-in text; nothing to do when there was no edit. */
  restore(language: Language, kind: NotificationKind): void {
    rmSync(this.overridePath(language, kind), { force: true });
  }

  /** Review reason codes in words, `code = text` per line. */
  reasons(language: Language): Record<string, string> {
    const lines = this.read(language, 'reasons.txt').split(/\r?\n/);
    return Object.fromEntries(lines
      .map((line) => /^([a-z_]+)\s*=\s*(.+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]));
  }

  private overridePath(language: Language, kind: NotificationKind): string {
    return join(this.overrideDir, language, `${kind}.txt`);
  }

  private read(language: Language, file: string): string {
    for (const dir of this.dirs) {
      const path = join(dir, language, file);
      if (existsSync(path)) return readFileSync(path, 'utf8');
    }
    throw new Error(`no ${language}/${file} among the notification templates`);
  }
}
