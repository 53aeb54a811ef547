/**
 * A pseudo-terminal pair made by socat: whatever is written to one path comes out of the other, like a
 * null-modem cable. The virtual printer sits on one end so a host (ours, or any other) can use the
 * other as if it were a USB printer.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../../core/errors.js';
const PTY_RE = /PTY is (\S+)/g;
export function createPtyPair(opts = {}) {
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
        const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
        const paths = [];
        let stderr = '';
        const exited = new Promise((r) => child.once('exit', () => r()));
        const fail = (err) => { clearTimeout(timer); child.kill('SIGTERM'); reject(err); };
        const timer = setTimeout(() => fail(new AppError('pty_unavailable', `socat gave no pty paths within ${timeoutMs} ms: ${stderr.trim()}`, 500)), timeoutMs);
        child.once('error', (err) => fail(new AppError('pty_unavailable', err.code === 'ENOENT' ? 'socat is not installed' : `socat: ${err.message}`, 500)));
        child.once('exit', (code) => {
            if (paths.length < 2)
                fail(new AppError('pty_unavailable', `socat exited (${code}) before making a pair: ${stderr.trim()}`, 500));
        });
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk) => {
            if (paths.length >= 2)
                return;
            stderr += chunk;
            paths.length = 0;
            for (const m of stderr.matchAll(PTY_RE))
                paths.push(m[1]);
            if (paths.length < 2)
                return;
            clearTimeout(timer);
            resolve({
                paths: [paths[0], paths[1]],
                process: child,
                close: async () => {
                    if (child.exitCode === null && child.signalCode === null)
                        child.kill('SIGTERM');
                    await exited;
                },
            });
        });
    });
}
//# sourceMappingURL=pty-pair.js.map