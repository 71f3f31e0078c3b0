/**
 * The host commands that make a template from nothing: the OS template (`pveam`), the new
 * container (`pct create`), its address once DHCP gave it one, and a pinned community script
 * (downloaded to a file named by its digest, checked with `sha256sum`, run with the variables
 * the scripts read). Every value is validated here; quoting happens only in host/quote.ts.
 */
import type {CommunityScript, TemplateRecipe} from '../catalog/types.js';
import {assertOsTemplate, assertScriptUrl, assertSha256} from '../catalog/validate-template.js';
import type {GuestRef, StepCommand} from '../host/host-command.js';
import {
	assertBridge,
	assertHostname,
	assertNode,
	assertStorage,
	assertTag,
	assertVmid,
	InvalidValueError,
} from '../host/validate.js';
import {netProperty, pct, pctExec} from './pct-commands.js';

const MINUTE = 60_000;

const onNode = (node: string, argv: string[], timeoutMs: number, root = true): StepCommand => ({
	argv,
	root,
	node: assertNode(node),
	timeoutMs,
});

/** `pveam list <storage>`: the OS templates a storage holds. */
export const pveamList = (node: string, storage: string): StepCommand =>
	onNode(node, ['pveam', 'list', assertStorage(storage)], 30_000);

/** `pveam update`: fetch the index of downloadable OS templates. */
export const pveamUpdate = (node: string): StepCommand => onNode(node, ['pveam', 'update'], 5 * MINUTE);

/** `pveam download <storage> <file>`: prints wget's progress while it downloads. */
export const pveamDownload = (node: string, storage: string, file: string): StepCommand =>
	onNode(node, ['pveam', 'download', assertStorage(storage), assertOsTemplate(file)], 30 * MINUTE);

/** The volume id `pct create` takes: `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
export function osTemplateVolid(recipe: Pick<TemplateRecipe, 'osStorage' | 'osTemplate'>): string {
	return `${assertStorage(recipe.osStorage)}:vztmpl/${assertOsTemplate(recipe.osTemplate)}`;
}

export interface CreateSpec {
	recipe: TemplateRecipe;
	hostname: string;
	/** MiB. */
	memory: number;
	cores: number;
	bridge: string;
	description: string;
	tags: string[];
}

/**
 * `pct create <vmid> <volid> --hostname … --rootfs <storage>:<GiB> --memory … --cores …
 * --net0 name=eth0,bridge=…,ip=dhcp --unprivileged 1 --features nesting=1 --description … --tags …`
 * (nesting: systemd and Docker inside an unprivileged container need it).
 */
export function pctCreate(guest: GuestRef, spec: CreateSpec): StepCommand {
	const {recipe} = spec;
	if (!Number.isInteger(spec.memory) || spec.memory < 16)
		throw new InvalidValueError('memory', String(spec.memory), 'MiB, a whole number of at least 16');
	if (!Number.isInteger(spec.cores) || spec.cores < 1)
		throw new InvalidValueError('cores', String(spec.cores), 'a whole number of at least 1');
	if (!Number.isInteger(recipe.diskGb) || recipe.diskGb < 1)
		throw new InvalidValueError('template disk', String(recipe.diskGb), 'GiB, a whole number of at least 1');
	if (/[\n\r\0]/.test(spec.description) || spec.description.length > 200)
		throw new InvalidValueError('description', spec.description, 'one line of at most 200 characters');
	return pct(
		guest,
		'create',
		String(assertVmid(guest.vmid)),
		osTemplateVolid(recipe),
		'--hostname',
		assertHostname(spec.hostname),
		'--rootfs',
		`${assertStorage(recipe.storage)}:${recipe.diskGb}`,
		'--memory',
		String(spec.memory),
		'--cores',
		String(spec.cores),
		'--net0',
		netProperty({bridge: spec.bridge, ip: 'dhcp'}),
		'--unprivileged',
		'1',
		'--features',
		'nesting=1',
		'--description',
		spec.description,
		'--tags',
		spec.tags.map((t) => assertTag(t)).join(';'),
	);
}

/** The container's global IPv4 addresses (`inet 10.0.30.112/24 …` once DHCP answered). */
export const guestAddresses = (guest: GuestRef): StepCommand =>
	pctExec(guest, ['ip', '-4', '-o', 'addr', 'show', 'scope', 'global']);

/** The first global IPv4 address in `ip -o addr` output, or null while there is none. */
export function firstAddress(text: string): string | null {
	return /\binet\s+(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})/.exec(text)?.[1] ?? null;
}

/** Where the host keeps a downloaded script: named by its digest, so a resumed run finds it again. */
export function scriptPath(script: CommunityScript): string {
	return `/var/tmp/proxdeck-script-${assertSha256(script.sha256).slice(0, 16)}.sh`;
}

/** `curl -fsSL --proto =https -o <file> <url>`: https only, also after a redirect. */
export const scriptDownload = (node: string, script: CommunityScript): StepCommand =>
	onNode(
		node,
		['curl', '-fsSL', '--proto', '=https', '--max-time', '300', '-o', scriptPath(script), assertScriptUrl(script.url)],
		6 * MINUTE,
	);

/** `sha256sum -- <file>`: the digest of what was downloaded, checked before it runs. */
export const scriptDigest = (node: string, script: CommunityScript): StepCommand =>
	onNode(node, ['sha256sum', '--', scriptPath(script)], MINUTE);

export const scriptRemove = (node: string, script: CommunityScript): StepCommand =>
	onNode(node, ['rm', '-f', '--', scriptPath(script)], MINUTE);

/** The digest at the start of `sha256sum` output, or null. */
export function parseDigest(text: string): string | null {
	return /^([0-9a-f]{64})\s/.exec(text.trim() + ' ')?.[1] ?? null;
}

export interface ScriptVariables {
	vmid: number;
	hostname: string;
	storage: string;
	osStorage: string;
	bridge: string;
	memory: number;
	cores: number;
	diskGb: number;
}

/**
 * The variables a community script reads, unattended: the homelab's own names (CTID,
 * STORAGE, NET) and the `var_*` ones the current scripts' build functions read, with
 * `mode=default` and `PHS_SILENT=1` so no menu or question waits for a terminal.
 */
export function scriptEnvironment(v: ScriptVariables): string[] {
	const vars: [string, string][] = [
		['mode', 'default'],
		['PHS_SILENT', '1'],
		['CTID', String(assertVmid(v.vmid))],
		['STORAGE', assertStorage(v.storage)],
		['NET', 'dhcp'],
		['var_ctid', String(v.vmid)],
		['var_hostname', assertHostname(v.hostname)],
		['var_container_storage', v.storage],
		['var_template_storage', assertStorage(v.osStorage)],
		['var_net', 'dhcp'],
		['var_brg', assertBridge(v.bridge)],
		['var_cpu', String(v.cores)],
		['var_ram', String(v.memory)],
		['var_disk', String(v.diskGb)],
	];
	return vars.map(([k, value]) => `${k}=${value}`);
}

/** `env VAR=… bash <file>`: the checked script, run as root on the host with no terminal. */
export const scriptRun = (node: string, script: CommunityScript, vars: ScriptVariables): StepCommand =>
	onNode(node, ['env', ...scriptEnvironment(vars), 'bash', scriptPath(script)], 60 * MINUTE);
