/**
 * What `--host` accepts, the way `ssh` reads its destination: an ~/.ssh/config alias or a
 * host name, optionally with `user@` in front and `:port` behind (`[v6]:port` for IPv6).
 * Whether a bare word is an alias is only known after reading ssh_config (ssh-config.ts), so
 * this parser keeps the word as typed and lets the config decide.
 */
import {parsed, parseFailure, type ParseResult} from '../model/result.js';

export interface SshTarget {
	/** The host word as typed (an alias or a host name / address; brackets removed). */
	host: string;
	user?: string;
	port?: number;
}

const SOURCE = '--host';
/** Host names, IPv4 addresses and ssh_config aliases: no spaces, no shell or URL specials. */
const HOST_WORD = /^[A-Za-z0-9_.%+-]+$/;
/** An IPv6 address with an optional zone (`fe80::1%vmbr0`). */
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?$/;
const USER_WORD = /^[A-Za-z0-9_.][A-Za-z0-9_.@-]*$/;

function parsePort(text: string, value: string): ParseResult<number> {
	if (!/^\d{1,5}$/.test(text)) return parseFailure(SOURCE, `'${value}': the port '${text}' is not a number`);
	const port = Number(text);
	if (port < 1 || port > 65535) return parseFailure(SOURCE, `'${value}': the port ${port} is outside 1-65535`);
	return parsed(port);
}

/**
 * The target as a message may show it: a password typed into the user part (`root:pw@pve`)
 * is masked, so an error never echoes it to the terminal, a log or a cron mail.
 */
export function shownTarget(value: string): string {
	const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
	const rest = value.slice(scheme.length);
	const at = rest.lastIndexOf('@');
	const colon = rest.indexOf(':');
	return at !== -1 && colon !== -1 && colon < at ? `${scheme}${rest.slice(0, colon)}:***${rest.slice(at)}` : value;
}

/** Parse a `--host` value: alias | host | user@host | user@host:port | host:port | [v6]:port. */
export function parseTarget(typed: string): ParseResult<SshTarget> {
	const value = shownTarget(typed);
	const trimmed = typed.trim();
	if (trimmed === '') return parseFailure(SOURCE, 'the host is empty (expected an ssh alias or user@host[:port])');
	if (/\s/.test(trimmed))
		return parseFailure(SOURCE, `'${value}' contains a space (expected an ssh alias or user@host[:port])`);
	if (trimmed.startsWith('ssh://')) return parseFailure(SOURCE, `'${value}': write user@host:port, not an ssh:// URL`);

	// The user part ends at the LAST '@' before the host, as in ssh (user names may contain '@').
	const at = trimmed.lastIndexOf('@');
	const user = at === -1 ? undefined : trimmed.slice(0, at);
	const rest = at === -1 ? trimmed : trimmed.slice(at + 1);
	if (user?.includes(':')) {
		return parseFailure(
			SOURCE,
			`'${value}': a password cannot be part of the target (proxdeck asks for it on the terminal; better, log in with a key: ssh-copy-id)`,
		);
	}
	if (user !== undefined && !USER_WORD.test(user)) {
		return parseFailure(SOURCE, `'${value}': '${user}' is not a valid user name`);
	}

	let host: string;
	let portText: string | undefined;
	if (rest.startsWith('[')) {
		const close = rest.indexOf(']');
		if (close === -1) return parseFailure(SOURCE, `'${value}': missing ']' after the IPv6 address`);
		host = rest.slice(1, close);
		const after = rest.slice(close + 1);
		if (after !== '' && !after.startsWith(':')) return parseFailure(SOURCE, `'${value}': expected ':port' after ']'`);
		if (after !== '') portText = after.slice(1);
		if (!IPV6.test(host) && !HOST_WORD.test(host)) {
			return parseFailure(SOURCE, `'${value}': '${host}' is not an IPv6 address or host name`);
		}
	} else {
		const colons = rest.split(':').length - 1;
		if (colons > 1) return parseFailure(SOURCE, `'${value}': write an IPv6 address in brackets, as [${rest}]:22`);
		const colon = rest.indexOf(':');
		host = colon === -1 ? rest : rest.slice(0, colon);
		if (colon !== -1) portText = rest.slice(colon + 1);
		if (!HOST_WORD.test(host))
			return parseFailure(SOURCE, `'${value}': '${host}' is not a host name, address or ssh alias`);
	}
	if (host === '') return parseFailure(SOURCE, `'${value}': the host part is empty`);

	const target: SshTarget = {host};
	if (user !== undefined) {
		if (user === '') return parseFailure(SOURCE, `'${value}': the user part before '@' is empty`);
		target.user = user;
	}
	if (portText !== undefined) {
		const port = parsePort(portText, value);
		if (!port.ok) return port;
		target.port = port.value;
	}
	return parsed(target);
}

/** `user@host:port` with brackets for IPv6, as the label of a transport. */
export function formatTarget(user: string, host: string, port: number): string {
	return `${user}@${host.includes(':') ? `[${host}]` : host}:${port}`;
}
