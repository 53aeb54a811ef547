/**
 * `tulostamo user add --role ROLE --username NAME --password-stdin [--api-key] [--name TEXT]
 *  [--email ADDR] [--card NUMBER] [--data DIR]`: creates an account without a running daemon (the
 * first staff account has nobody to create it). The secret comes on stdin so it stays out of shell
 * history and `ps`; with --api-key the new key is the last line of output, for scripts to capture.
 */
import { dataDirFrom, parseCliArgs } from '../args.js';
import { AppError } from '../../core/errors.js';
import { openDatabase } from '../../storage/db.js';
import { CredentialRepository } from '../../users/credential-repository.js';
import { BOOTSTRAP, UserService } from '../../users/user-service.js';
import { UserRepository } from '../../users/user-repository.js';
import { isRole, ROLES } from '../../users/user-types.js';
async function readStdin() {
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(chunk);
    // Only the line ending goes: spaces may be part of a password.
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
async function add(args) {
    const { values } = parseCliArgs(args, {
        role: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' },
        card: { type: 'string' }, 'password-stdin': { type: 'boolean' }, 'api-key': { type: 'boolean' }, data: { type: 'string' },
    }, false);
    if (!values.role || !isRole(values.role))
        throw new AppError('bad_arguments', `--role must be one of ${ROLES.join(', ')}`, 2);
    if (!values.username)
        throw new AppError('bad_arguments', '--username is required', 2);
    if (!values['password-stdin'])
        throw new AppError('bad_arguments', '--password-stdin is required (the secret is read from stdin)', 2);
    const secret = await readStdin();
    const db = openDatabase(dataDirFrom(values.data));
    try {
        const users = new UserService(new UserRepository(db), new CredentialRepository(db));
        const user = await users.createUser(BOOTSTRAP, {
            role: values.role, username: values.username, displayName: values.name, secret, email: values.email, cardNumber: values.card,
        });
        console.log(`created ${user.role} ${user.username} (id ${user.id})`);
        if (values['api-key'])
            console.log(users.createApiKey(BOOTSTRAP, user.id, 'cli').key);
        return 0;
    }
    finally {
        db.close();
    }
}
export const command = {
    summary: 'Manage accounts: `user add` creates one (the first staff account, or a slicer\'s API key).',
    usage: 'tulostamo user add --role patron|instructor|staff --username NAME --password-stdin [--api-key] '
        + '[--name TEXT] [--email ADDR] [--card NUMBER] [--data DIR]',
    async run(args) {
        const [sub, ...rest] = args;
        if (sub !== 'add') {
            console.error(`Usage: ${this.usage}`);
            return 2;
        }
        try {
            return await add(rest);
        }
        catch (err) {
            if (!(err instanceof AppError))
                throw err;
            console.error(`tulostamo user: ${err.code}: ${err.message}`);
            return err.httpStatus === 2 ? 2 : 1;
        }
    },
};
//# sourceMappingURL=user.js.map