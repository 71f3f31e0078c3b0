/**
 * Who proxdeck is on the host, and whether it may run the root commands of the host contract
 * (pvesh, pct, qm, wg, and the awk that reads /etc/pve). One exec answers all of it; the
 * result becomes one sentence with the fix when something is missing.
 */
import {ROOT_COMMANDS} from './commands.js';
import {notProxmoxError} from '../transport/errors.js';
import {TransportError, type Transport} from '../transport/types.js';

export type SudoStatus = 'not-needed' | 'ok' | 'missing' | 'password';

export interface HostProbe {
	user: string;
	uid: number;
	host: string;
	isRoot: boolean;
	hasPvesh: boolean;
	sudo: SudoStatus;
}

/** sudo is asked only for non-root users, and only with -n: it must never wait for a password. */
export const PROBE_SCRIPT = [
	'printf "user=%s\\n" "$(id -un)"',
	'printf "uid=%s\\n" "$(id -u)"',
	'printf "host=%s\\n" "$(uname -n)"',
	'if command -v pvesh >/dev/null 2>&1; then echo pvesh=yes; else echo pvesh=no; fi',
	'if [ "$(id -u)" = 0 ]; then echo sudo=not-needed',
	'elif ! command -v sudo >/dev/null 2>&1; then echo sudo=missing',
	'elif sudo -n true >/dev/null 2>&1; then echo sudo=ok',
	'else echo sudo=password; fi',
].join('\n');

/** Read the probe's output (pure: the sim and tests feed it text). */
export function parseProbe(stdout: string): HostProbe | null {
	const fields = new Map<string, string>();
	for (const line of stdout.split('\n')) {
		const eq = line.indexOf('=');
		if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1).trim());
	}
	const uid = Number(fields.get('uid'));
	const sudo = fields.get('sudo');
	if (
		!fields.has('user') ||
		!Number.isInteger(uid) ||
		!sudo ||
		!['not-needed', 'ok', 'missing', 'password'].includes(sudo)
	)
		return null;
	return {
		user: fields.get('user')!,
		uid,
		host: fields.get('host') || 'the host',
		isRoot: uid === 0,
		hasPvesh: fields.get('pvesh') === 'yes',
		sudo: sudo as SudoStatus,
	};
}

export async function probeHost(transport: Transport): Promise<HostProbe> {
	const result = await transport.exec(PROBE_SCRIPT, {timeoutMs: 15_000});
	const probe = parseProbe(result.stdout);
	if (!probe) {
		const why = result.interrupted ?? (result.stderr.trim() || `exit code ${result.code}`);
		throw new Error(`could not tell who proxdeck is on ${transport.label} (${why})`);
	}
	return probe;
}

/**
 * The one sentence for a login that cannot run the root commands, or null when it can.
 * `sudoConfigured`: the context says to prefix sudo -n.
 */
export function privilegeMessage(probe: HostProbe, options: {sudoConfigured?: boolean} = {}): string | null {
	if (probe.isRoot) return null;
	const who = `proxdeck logs in as '${probe.user}', who is not root,`;
	const fix = 'add /etc/sudoers.d/proxdeck (see README: Non-root users)';
	switch (probe.sudo) {
		case 'missing':
			return `${who} and sudo is not installed on ${probe.host}: install sudo and ${fix}, or connect as root.`;
		case 'password':
			return `${who} and sudo on ${probe.host} asks '${probe.user}' for a password: ${fix} so the host commands run with sudo -n, or connect as root.`;
		case 'ok':
			return options.sudoConfigured === false
				? `${who} and this context does not use sudo: turn on sudo for it (--sudo or "sudo": true in the context), or connect as root.`
				: null;
		case 'not-needed':
			return null;
	}
}

/** What stops proxdeck from working on this host, as the error to show; null when nothing does. */
export function probeProblem(probe: HostProbe, options: {sudoConfigured?: boolean} = {}): TransportError | null {
	if (!probe.hasPvesh) return notProxmoxError(probe.host);
	const message = privilegeMessage(probe, options);
	return message ? new TransportError('sudo', message) : null;
}

/** Where the root commands live on Proxmox VE. */
const ROOT_PROGRAMS: Record<string, string> = {
	pvesh: '/usr/bin/pvesh',
	pct: '/usr/sbin/pct',
	qm: '/usr/sbin/qm',
	wg: '/usr/bin/wg',
	'ha-manager': '/usr/sbin/ha-manager',
};

/** The sudoers drop-in the README shows: exactly the host contract's root commands, no password. */
export function SUDOERS_DROPIN(user: string): string {
	const commands = [...ROOT_COMMANDS].map((c) => ROOT_PROGRAMS[c] ?? `/usr/bin/${c}`);
	return [
		`# /etc/sudoers.d/proxdeck: lets '${user}' run proxdeck's host commands as root without a password.`,
		'# Install with: visudo -cf this-file && install -m 0440 this-file /etc/sudoers.d/proxdeck',
		`Cmnd_Alias PROXDECK = ${commands.join(', \\\n\t')}`,
		`${user} ALL=(root) NOPASSWD: PROXDECK`,
		`# Guest configs under /etc/pve are read without sudo: add the user to www-data (usermod -aG www-data ${user}).`,
		'',
	].join('\n');
}
