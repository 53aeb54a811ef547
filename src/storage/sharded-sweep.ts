/**
 * Uploads and previews both live as `<root>/<aa>/<sha256>.<ext>`, so one sweep serves both: it keeps
 * what is still referenced and removes everything else, including half-written files a crash left.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** `name` matches a kept file's name and captures its sha256; returns how many entries were removed. */
export async function sweepShardedDir(root: string, name: RegExp, referenced: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for (const shard of await readdir(root).catch(() => [] as string[])) {
    const shardDir = join(root, shard);
    for (const f of await readdir(shardDir)) {
      const m = name.exec(f);
      if (m && referenced.has(m[1])) continue;
      await rm(join(shardDir, f), { force: true, recursive: true });
      removed++;
    }
  }
  return removed;
}
