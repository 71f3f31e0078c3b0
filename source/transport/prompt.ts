/**
 * How the ssh transport asks the user something: a host key to trust, a key passphrase, a
 * password. The default asks on /dev/tty (like ssh, so it works with stdout piped); the Ink
 * console supplies its own Prompter that asks in a dialog. Answers are never stored.
 */
import {openSync, closeSync, writeSync} from 'node:fs';
import {ReadStream} from 'node:tty';

export interface HostKeyQuestion {
	host: string;
	port: number;
	/** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ... */
	keyType: string;
	/** `SHA256:...` as ssh-keygen -lf prints it. */
	fingerprint: string;
}

export interface Prompter {
	confirmHostKey(info: HostKeyQuestion): Promise<boolean>;
	/** Ask for a secret (echo off). null when the user gave up (Ctrl-C, Ctrl-D, no terminal). */
	secret(question: string): Promise<string | null>;
}

/** A Prompter that never asks: unknown keys are refused, no secrets are available. */
export const NO_PROMPTS: Prompter = {
	confirmHostKey: async () => false,
	secret: async () => null,
};

/** Is there a terminal to ask on? (ssh's test: can /dev/tty be opened) */
export function hasTerminal(): boolean {
	try {
		closeSync(openSync('/dev/tty', 'r+'));
		return true;
	} catch {
		return false;
	}
}

/** Read one line from /dev/tty in raw mode, echoing only when `echo` is set. */
function readTtyLine(question: string, echo: boolean): Promise<string | null> {
	let fd: number;
	try {
		fd = openSync('/dev/tty', 'r+');
	} catch {
		return Promise.resolve(null);
	}
	writeSync(fd, question);
	const input = new ReadStream(fd);
	input.setRawMode(true);
	return new Promise((resolve) => {
		let answer = '';
		const done = (value: string | null): void => {
			input.off('data', onData);
			input.setRawMode(false);
			writeSync(fd, '\r\n');
			input.destroy();
			resolve(value);
		};
		const onData = (chunk: Buffer): void => {
			for (const ch of chunk.toString('utf8')) {
				if (ch === '\r' || ch === '\n') return done(answer);
				if (ch === '\x03' || ch === '\x04') return done(null);
				if (ch === '\x7f' || ch === '\b') {
					if (answer.length > 0) {
						answer = answer.slice(0, -1);
						if (echo) writeSync(fd, '\b \b');
					}
				} else if (ch >= ' ') {
					answer += ch;
					if (echo) writeSync(fd, ch);
				}
			}
		};
		input.on('data', onData);
	});
}

function keyTypeWord(keyType: string): string {
	if (keyType === 'ssh-ed25519') return 'ED25519';
	if (keyType === 'ssh-rsa') return 'RSA';
	if (keyType.startsWith('ecdsa-')) return 'ECDSA';
	return keyType;
}

/** The Prompter for the command line: OpenSSH's wording, asked on /dev/tty. */
export function createTtyPrompter(): Prompter {
	return {
		async confirmHostKey(info) {
			const name = info.port === 22 ? info.host : `[${info.host}]:${info.port}`;
			const question =
				`The authenticity of host '${name}' can't be established.\r\n` +
				`${keyTypeWord(info.keyType)} key fingerprint is ${info.fingerprint}.\r\n` +
				'Are you sure you want to continue connecting (yes/no)? ';
			for (;;) {
				const answer = await readTtyLine(question, true);
				if (answer === null) return false;
				const word = answer.trim().toLowerCase();
				if (word === 'yes') return true;
				if (word === 'no') return false;
			}
		},
		secret: (question) => readTtyLine(question, false),
	};
}
