/**
 * Streams a whole file through a connected link: the file is read a chunk at a time and only a bounded
 * lookahead is queued in the link, so memory does not depend on the file size. Used by `tulostamo
 * stream`; the printer controller adds pause, cancel and progress on top of the same pieces.
 */
import { AppError } from '../core/errors.js';
/** Lines queued ahead of the sender: enough to keep any window full, few enough to stay small. */
export const LOOKAHEAD_LINES = 64;
/**
 * Resolves with the number of acknowledged lines once every line is acknowledged; rejects with an
 * AppError carrying the fault code (or `link_disconnected`) and the last acknowledged file line.
 */
export function streamFile(link, file, lookaheadLines = LOOKAHEAD_LINES) {
    return new Promise((resolve, reject) => {
        let lines = 0;
        const stop = (err) => {
            link.off('acked', onAcked);
            link.off('fault', onFault);
            link.off('disconnected', onDisconnected);
            if (err)
                reject(err);
            else
                resolve(lines);
        };
        const topUp = () => {
            while (link.queuedCount('job') < lookaheadLines) {
                const command = file.next();
                if (!command)
                    break;
                link.send(command);
            }
            if (file.finished())
                stop(null);
        };
        const onAcked = ({ command }) => {
            if (command.source !== 'job' || command.fileOffset === undefined)
                return;
            file.acknowledge(command.fileOffset);
            lines++;
            topUp();
        };
        // Every fault ends the job: the Sender has already dropped the job's queued lines.
        const onFault = (f) => {
            stop(new AppError(f.code, f.message, 502, { line: file.acked().line, fatal: f.fatal, ...(f.reason ? { reason: f.reason } : {}) }));
        };
        const onDisconnected = ({ reason }) => {
            stop(new AppError('link_disconnected', `the printer went away: ${reason}`, 503, { line: file.acked().line }));
        };
        link.on('acked', onAcked);
        link.on('fault', onFault);
        link.on('disconnected', onDisconnected);
        topUp();
    });
}
//# sourceMappingURL=stream-file.js.map