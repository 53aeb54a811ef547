/**
 * Drives the real CLI as child processes, for the API benchmark and the crash test: `user add` to
 * bootstrap accounts, `serve` as the daemon under test (its "listening on" line gives the port).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
export const BIN = join(new URL('../../', import.meta.url).pathname, 'bin/tulostamo.js');
/** Creates an account with `tulostamo user add … --api-key` and returns the API key (its last output line). */
export function addUserViaCli(dataDir, role, username) {
    const r = spawnSync(process.execPath, [BIN, 'user', 'add', '--role', role, '--username', username, '--password-stdin', '--api-key', '--data', dataDir], { input: role === 'patron' ? '1234\n' : 'salasana-123\n', encoding: 'utf8' });
    if (r.status !== 0)
        throw new Error(`user add failed: ${r.stderr}`);
    return r.stdout.trim().split('\n').at(-1);
}
/** Starts `tulostamo serve <args>` and resolves once it listens, with the URL of its port. */
export async function spawnDaemon(args, env = process.env) {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
            out += d;
            const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
            if (m)
                resolve(`http://127.0.0.1:${m[1]}`);
        });
        child.once('exit', (code, signal) => reject(new Error(`daemon exited (${code ?? signal}) before listening: ${out}`)));
    });
    return { child, url };
}
//# sourceMappingURL=daemon-process.js.map