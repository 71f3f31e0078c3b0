/** `proxdeck journal [--json] [--limit N]`: the action journal, newest last. */
import type {SubcommandArgs} from '../cli-args.js';
import {EXIT} from '../exit-codes.js';
import {createJournal} from '../journal/journal.js';
import type {SubcommandDeps} from './io.js';
import {flag, makeIo, table, value} from './io.js';

/** What the journal needs: no host at all, so cli.tsx runs it before connecting. */
export type JournalDeps = Pick<SubcommandDeps, 'options' | 'journal' | 'stdout' | 'stderr' | 'stdin'>;

export async function journalCommand(args: SubcommandArgs, deps: JournalDeps): Promise<number> {
	const io = makeIo(deps);
	const limitText = value(args, 'limit');
	const limit = limitText === undefined ? 20 : Number(limitText);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
		io.err(`--limit wants a whole number from 1 to 100000, not "${limitText}"`);
		return EXIT.usage;
	}
	const journal = deps.journal ?? createJournal();
	const entries = await journal.read(limit);
	if (flag(args, 'json') || deps.options.json) {
		io.json(entries);
		return EXIT.ok;
	}
	if (entries.length === 0) {
		io.out(`the journal is empty (${journal.path})`);
		return EXIT.ok;
	}
	const rows = [['TIME', 'USER', 'CONTEXT', 'ACTION', 'TARGET', 'RESULT', 'STEP', 'COMMANDS']];
	for (const e of entries)
		rows.push([
			e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
			e.user,
			e.context,
			e.action,
			e.target,
			e.result,
			e.failedStep ?? '',
			String(e.commands.length),
		]);
	for (const line of table(rows)) io.out(line);
	const last = entries.at(-1);
	if (last?.error) io.out(`last error: ${last.error}`);
	return EXIT.ok;
}
