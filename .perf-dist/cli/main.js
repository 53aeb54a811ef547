const commands = {
    analyze: () => import('./commands/analyze.js'),
    serve: () => import('./commands/serve.js'),
    slice: () => import('./commands/slice.js'),
    ports: () => import('./commands/ports.js'),
    stream: () => import('./commands/stream.js'),
    user: () => import('./commands/user.js'),
    'virtual-printer': () => import('./commands/virtual-printer.js'),
};
function help() {
    const names = Object.keys(commands).sort();
    return ['Usage: tulostamo <command> [options]', '', 'Commands:', ...names.map((n) => `  ${n}`), '',
        'Run `tulostamo <command> --help` for the options of one command.'].join('\n');
}
export async function main(argv) {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        console.log(help());
        return name ? 0 : 2;
    }
    const load = commands[name];
    if (!load) {
        console.error(`tulostamo: unknown command '${name}'\n\n${help()}`);
        return 2;
    }
    const { command } = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
        console.log(`${command.summary}\n\nUsage: ${command.usage}`);
        return 0;
    }
    return command.run(rest);
}
//# sourceMappingURL=main.js.map