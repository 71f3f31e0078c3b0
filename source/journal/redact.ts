/**
 * Keeps secrets out of the journal: a post-deploy command or an error message may carry a
 * password (`--password x`, `PGPASSWORD=x`, `https://user:pass@host`). The journal is a plain
 * file in the user's state directory, readable by backups and by anyone who borrows the
 * terminal, so values that look secret are replaced before the line is written.
 */

const SECRET_WORD = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth)/i;
const MASK = '***';

/** Redact `--password X`, `--password=X`, `NAME_PASSWORD=X`, `user:pass@` in URLs, and bearer tokens. */
export function redactSecrets(text: string): string {
	return (
		text
			// URL credentials.
			.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+):[^\s@'"]+@/gi, `$1:${MASK}@`)
			// --flag=value and --flag value where the flag names a secret (quoted or bare value).
			.replace(
				/(--?[A-Za-z0-9_-]*?(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential)[A-Za-z0-9_-]*)(=|\s+)('[^']*'|"[^"]*"|\S+)/gi,
				`$1$2${MASK}`,
			)
			// ENV=value assignments whose name says secret.
			.replace(/\b([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|"[^"]*"|\S+)/g, (match, name: string) =>
				SECRET_WORD.test(name) ? `${name}=${MASK}` : match,
			)
			// Authorization headers.
			.replace(/(authorization:\s*(?:bearer|basic|token)?\s*)\S+/gi, `$1${MASK}`)
	);
}
