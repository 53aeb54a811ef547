/**
 * `tulostamo user …` for user-service.test.ts to spawn (bundled). It loads the command module the
 * way src/cli/main.ts does, without the other commands, which are not this suite's subject.
 */
import { command } from '../../../src/cli/commands/user.js';

const [name, ...rest] = process.argv.slice(2);
process.exitCode = name === 'user' ? await command.run(rest) : 2;
