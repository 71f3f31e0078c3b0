/**
 * Keeps secrets out of the journal: a post-deploy command or an error message may carry a
 * password (`--password x`, `PGPASSWORD=x`, `https://user:pass@host`). The journal is a plain
 * file in the user's state directory, readable by backups and by anyone who borrows the
 * terminal, so values that look secret are replaced before the line is written.
 *
 * Commands reach the journal shell-quoted (`'--password=a b'`), so a value runs to the end of
 * its quoted word, not to the first space.
 */

const SECRET_WORD = /(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|private[-_]?key|credential|auth)/i;
const SECRET_FLAG = '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|private[-_]?key|credential)';
const MASK = '***';
/** A value: a quoted string, or a bare word. */
const VALUE = `('[^']*'|"[^"]*"|[^\\s'"]+)`;
/** Clients that take their password glued to -p (`mysql -pX`). */
const GLUED_P = /\b((?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n;|&]*?\s-p)([^\s'"]+)/g;

/** Redact passwords, tokens and keys in flags, assignments, URLs and headers. */
export function redactSecrets(text: string): string {
	return (
		text
			// URL credentials; the password may hold '@' itself (the last '@' before the host ends it).
			.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+):[^\s'"/]*@/gi, `$1:${MASK}@`)
			// A whole quoted word '--password=a b' (how a command line reaches the journal).
			.replace(new RegExp(`(['"])(--?[A-Za-z0-9_-]*?${SECRET_FLAG}[A-Za-z0-9_-]*=)[^'"]*\\1`, 'gi'), `$1$2${MASK}$1`)
			// --flag=value and --flag value where the flag names a secret.
			.replace(
				new RegExp(`(--?[A-Za-z0-9_-]*?${SECRET_FLAG}[A-Za-z0-9_-]*)(=|\\s+)${VALUE}`, 'gi'),
				(match, flag: string, sep: string, value: string) =>
					value.startsWith('-') && sep !== '=' ? match : `${flag}${sep}${MASK}`,
			)
			// mysql -pX, docker login -p X.
			.replace(GLUED_P, `$1${MASK}`)
			.replace(/(\bdocker\s+login\b[^\n;|&]*?\s-p)(=|\s+)([^\s'"]+)/g, `$1$2${MASK}`)
			// curl -u user:pass, --user user:pass (a user alone is not a secret).
			.replace(/((?:^|\s)(?:-u|--user)(?:=|\s+)(['"])[^\s:'"]+):[^'"]*\2/g, `$1:${MASK}$2`)
			.replace(/((?:^|\s|['"])(?:-u|--user)(?:=|\s+)[^\s:'"]+):[^\s'"]+/g, `$1:${MASK}`)
			// ENV=value assignments whose name says secret (MYSQL_PWD, PGPASSWORD, API_TOKEN).
			.replace(/\b([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|"[^"]*"|[^\s'"]+)/g, (match, name: string) =>
				SECRET_WORD.test(name) ? `${name}=${MASK}` : match,
			)
			// Headers that carry credentials.
			.replace(/((?:authorization|proxy-authorization):\s*(?:bearer|basic|token|digest)?\s*)[^\s'"]+/gi, `$1${MASK}`)
			.replace(/((?:x-api-key|api-key|x-auth-token|private-token|x-vault-token|cookie):\s*)[^'"\n]+/gi, `$1${MASK}`)
	);
}
