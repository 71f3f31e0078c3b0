/**
 * Every parser returns a ParseResult instead of throwing: a host that prints garbage for one
 * command must cost one snapshot section, never the whole refresh (or the process). Readers
 * of user input (an ssh target, ssh_config) answer the same way.
 */

export interface ParseError {
	readonly kind: 'parse-error';
	/** The host command whose output this was, as a user would type it: `zpool status`. */
	readonly command: string;
	/** What was wrong, in words a user can act on. */
	readonly message: string;
	/** 1-based line of the input where the problem was seen, when known. */
	readonly line?: number;
}

export type ParseResult<T> =
	| {readonly ok: true; readonly value: T; readonly warnings?: readonly string[]}
	| {readonly ok: false; readonly error: ParseError};

export function parsed<T>(value: T, warnings?: readonly string[]): ParseResult<T> {
	return warnings && warnings.length > 0 ? {ok: true, value, warnings} : {ok: true, value};
}

export function parseFailure<T = never>(command: string, message: string, line?: number): ParseResult<T> {
	return {ok: false, error: {kind: 'parse-error', command, message, ...(line === undefined ? {} : {line})}};
}

/**
 * Wraps a parser body so that an unexpected exception (a bug, or input shaped in a way nobody
 * foresaw) still comes back as a typed error naming the command.
 */
export function guardParse<T>(command: string, body: () => ParseResult<T>): ParseResult<T> {
	try {
		return body();
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return parseFailure(command, `unreadable output (${reason})`);
	}
}
