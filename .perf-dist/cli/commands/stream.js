/**
 * `tulostamo stream FILE --port PATH`: sends a G-code file to a printer and exits 0 once the printer
 * has acknowledged every line. The last stdout line is a JSON summary so scripts and tests can read
 * the outcome without parsing prose.
 */
import { parseCliArgs } from '../args.js';
import { RealClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { FileStreamer } from '../../printer/file-streamer.js';
import { PrinterLink } from '../../printer/printer-link.js';
import { streamFile } from '../../printer/stream-file.js';
import { loadProfile } from '../../printer/profiles.js';
import { detectBaud } from '../../printer/transport/baud-detect.js';
import { SerialTransport } from '../../printer/transport/serial-transport.js';
const CONNECT_TIMEOUT_MS = 30_000;
function modeFrom(value) {
    if (value === undefined || value === 'pingpong' || value === 'buffered')
        return value;
    throw new AppError('bad_arguments', `--mode must be pingpong or buffered, got "${value}"`, 2);
}
async function baudFrom(value, fallback, port, clock) {
    if (value === undefined)
        return fallback;
    if (value === 'auto') {
        const found = await detectBaud({ path: port, clock });
        if (found === null)
            throw new AppError('baud_not_detected', `${port}: no firmware answered at any common baud rate`, 504);
        console.log(`detected ${found} baud`);
        return found;
    }
    const baud = Number(value);
    if (!Number.isInteger(baud) || baud <= 0)
        throw new AppError('bad_arguments', `--baud must be a positive integer or "auto", got "${value}"`, 2);
    return baud;
}
export const command = {
    summary: 'Stream a G-code file to a printer; the last line printed is a JSON summary.',
    usage: 'tulostamo stream FILE --port PATH [--baud N|auto] [--profile NAME] [--mode pingpong|buffered]',
    async run(args) {
        let link = null;
        let file = null;
        const onSignal = () => { void link?.close().finally(() => process.exit(130)); };
        try {
            const { values, positionals } = parseCliArgs(args, {
                port: { type: 'string' }, baud: { type: 'string' }, profile: { type: 'string' }, mode: { type: 'string' },
            });
            if (positionals.length !== 1)
                throw new AppError('bad_arguments', 'expected exactly one FILE to stream', 2);
            if (!values.port)
                throw new AppError('bad_arguments', '--port PATH is required (see `tulostamo ports`)', 2);
            const profile = loadProfile(values.profile ?? 'marlin');
            const mode = modeFrom(values.mode) ?? profile.dialect.defaultMode;
            const clock = new RealClock();
            file = FileStreamer.open(positionals[0]);
            const baudRate = await baudFrom(values.baud, profile.baudRate, values.port, clock);
            link = new PrinterLink({ transport: new SerialTransport({ path: values.port, baudRate }), profile, clock, mode });
            process.once('SIGINT', onSignal);
            process.once('SIGTERM', onSignal);
            const startedMs = performance.now();
            const info = await link.connect({ timeoutMs: CONNECT_TIMEOUT_MS });
            console.log(`connected to ${info.firmwareName ?? 'unknown firmware'} on ${values.port} at ${baudRate} baud (${profile.name}, ${mode})`);
            const lines = await streamFile(link, file);
            const summary = {
                lines,
                bytes: file.bytesTotal,
                resends: link.metrics().resends,
                seconds: Math.round((performance.now() - startedMs) / 10) / 100,
                mode,
            };
            await link.close();
            console.log(JSON.stringify(summary));
            return 0;
        }
        catch (err) {
            if (!(err instanceof AppError))
                throw err;
            console.error(`tulostamo stream: ${err.message} (${err.code})`);
            await link?.close();
            return err.code === 'bad_arguments' ? 2 : 1;
        }
        finally {
            file?.close();
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    },
};
//# sourceMappingURL=stream.js.map