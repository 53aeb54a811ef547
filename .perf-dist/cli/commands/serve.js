/**
 * `tulostamo serve`: the daemon. With no printer in the config it drives the built-in virtual printer,
 * so a workshop or a demo needs no hardware. SIGTERM/SIGINT stop it cleanly (printers disconnected,
 * database closed) before the process exits.
 */
import { parseCliArgs } from '../args.js';
import { loadConfig } from '../../config/config.js';
import { AppError } from '../../core/errors.js';
import { createApp } from '../../app.js';
function portFrom(value) {
    const raw = value ?? process.env.TULOSTAMO_PORT;
    if (raw === undefined)
        return undefined;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new AppError('bad_arguments', `invalid port: ${raw}`, 2, { port: raw });
    return port;
}
export const command = {
    summary: 'Run the daemon: HTTP API, live updates, queue and printers.',
    usage: 'tulostamo serve [--data DIR] [--port N] [--config FILE]   (env: TULOSTAMO_DATA, TULOSTAMO_PORT)',
    async run(args) {
        const { values } = parseCliArgs(args, {
            data: { type: 'string' }, port: { type: 'string' }, config: { type: 'string' },
        }, false);
        // --data and TULOSTAMO_DATA outrank the config file, which outranks the default.
        const config = loadConfig(values.config, {
            dataDir: values.data ?? process.env.TULOSTAMO_DATA,
            port: portFrom(values.port),
        });
        const app = await createApp({ config });
        const { port } = await app.start();
        console.log(`tulostamo: listening on http://${config.host}:${port} (data: ${config.dataDir})`);
        await new Promise((resolve) => {
            const stop = (signal) => {
                console.log(`tulostamo: ${signal}, stopping`);
                resolve();
            };
            process.once('SIGTERM', () => stop('SIGTERM'));
            process.once('SIGINT', () => stop('SIGINT'));
        });
        await app.stop();
        return 0;
    },
};
//# sourceMappingURL=serve.js.map