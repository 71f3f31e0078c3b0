/**
 * Validation of every value that ends up in a host command. A value that fails is refused
 * with a message naming the value, what was wrong, and what is accepted; nothing invalid is
 * ever quoted into a command (quoting is the second line of defence, not the first).
 */

export class InvalidValueError extends Error {
	constructor(
		readonly field: string,
		readonly value: string,
		readonly expected: string,
	) {
		super(`invalid ${field} ${JSON.stringify(value)}: expected ${expected}`);
		this.name = 'InvalidValueError';
	}
}

/**
 * Values read through the validators, or the first one refused: for callers that report a
 * bad value (a usage error, a form's message) rather than let it throw.
 */
export function validated<T>(read: () => T): {ok: true; value: T} | {ok: false; error: InvalidValueError} {
	try {
		return {ok: true, value: read()};
	} catch (error) {
		if (error instanceof InvalidValueError) return {ok: false, error};
		throw error;
	}
}

function check(ok: boolean, field: string, value: unknown, expected: string): void {
	if (!ok) throw new InvalidValueError(field, String(value), expected);
}

/** Proxmox guest ids: 100..999999999 (pve-common `pve-vmid`). */
export function assertVmid(value: number | string): number {
	const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
	check(Number.isInteger(n) && n >= 100 && n <= 999_999_999, 'VMID', value, 'a whole number from 100 to 999999999');
	return n;
}

/** DNS hostname as Proxmox accepts for `--hostname` (labels of letters, digits and '-'). */
export function assertHostname(value: string): string {
	const label = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
	const ok = value.length <= 253 && new RegExp(`^${label}(\\.${label})*$`).test(value);
	check(ok, 'hostname', value, 'letters, digits and hyphens, dot-separated labels (like postgresql-db)');
	return value;
}

/** Storage ids (pve-storage `pve-storage-id`). */
export function assertStorage(value: string): string {
	check(
		/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(value) && value.length <= 64,
		'storage',
		value,
		'a storage id like local-lvm',
	);
	return value;
}

/** Bridge names: Linux interface names (max 15 chars), typically vmbrN. */
export function assertBridge(value: string): string {
	check(
		/^[A-Za-z][A-Za-z0-9_.-]{0,14}$/.test(value),
		'bridge',
		value,
		'an interface name like vmbr0 (at most 15 characters)',
	);
	return value;
}

/** Node names: hostnames without dots. */
export function assertNode(value: string): string {
	check(/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(value), 'node', value, 'a node name like pve');
	return value;
}

function ipv4Parts(value: string): number[] | null {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
	if (!m) return null;
	const parts = m.slice(1).map(Number);
	return parts.every((p) => p <= 255) ? parts : null;
}

export function assertIpv4(value: string, field = 'gateway'): string {
	check(ipv4Parts(value) !== null, field, value, 'an IPv4 address like 10.0.30.1');
	return value;
}

/**
 * A node's address as the cluster status gives it (corosync's ring address): IPv4, or IPv6
 * in its plain hex-and-colons form. It ends up after `root@` in the hop to that node.
 */
export function assertNodeAddress(value: string): string {
	const ipv6 =
		/^[0-9A-Fa-f:]+$/.test(value) && value.includes('::')
			? value.split(':').length <= 8
			: /^([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$/.test(value);
	check(ipv4Parts(value) !== null || ipv6, 'node address', value, 'an IPv4 or IPv6 address like 192.168.0.6');
	return value;
}

/** IPv4 CIDR like 10.0.30.10/24, or `dhcp`. */
export function assertCidr(value: string): string {
	if (value === 'dhcp') return value;
	const [ip, prefix, extra] = value.split('/');
	const ok =
		extra === undefined &&
		ip !== undefined &&
		ipv4Parts(ip) !== null &&
		prefix !== undefined &&
		/^\d{1,2}$/.test(prefix) &&
		Number(prefix) <= 32;
	check(ok, 'IP', value, 'an IPv4 address with prefix like 10.0.30.10/24, or dhcp');
	return value;
}

export function assertVlanTag(value: number): number {
	check(Number.isInteger(value) && value >= 1 && value <= 4094, 'VLAN tag', value, 'a whole number from 1 to 4094');
	return value;
}

/** Proxmox tags: letters, digits and `- _ + .` (pve-common `pve-tag`). */
export function assertTag(value: string): string {
	check(/^[a-z0-9_][a-z0-9_\-+.]*$/i.test(value), 'tag', value, 'letters, digits and - _ + .');
	return value;
}

/** Absolute path without control characters or `..` segments (mount sources and targets). */
export function assertPath(value: string, field = 'path'): string {
	const ok = value.startsWith('/') && !/[\0-\x1f\x7f,=]/.test(value) && !value.split('/').includes('..');
	check(ok, field, value, 'an absolute path without commas, = or .. (like /media-pool)');
	return value;
}

/** Docker container and compose project names (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
export function assertContainerName(value: string): string {
	check(
		/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(value),
		'container name',
		value,
		'letters, digits, and _ . - (like nextcloud-app)',
	);
	return value;
}

/** Catalog service names: lower-case words with hyphens. */
export function assertServiceName(value: string): string {
	check(/^[a-z0-9][a-z0-9-]{0,62}$/.test(value), 'service name', value, 'lower-case letters, digits and hyphens');
	return value;
}

export function assertLineCount(value: number): number {
	check(
		Number.isInteger(value) && value >= 0 && value <= 1_000_000,
		'line count',
		value,
		'a whole number from 0 to 1000000',
	);
	return value;
}

/** Sizes for `pct resize`, `+10G` or `32G`. */
export function assertDiskSize(value: string): string {
	check(/^\+?\d+(\.\d+)?[KMGT]?$/.test(value), 'disk size', value, 'a size like +10G or 32G');
	return value;
}

/**
 * Snapshot names as Proxmox takes them (pve-common `pve-snapshot-name`: format `pve-configid`,
 * /^[a-z][a-z0-9_-]+$/i, at most 40 characters), without the names the snapshot APIs reserve:
 * `current` (where the guest is now), `vzdump` (backups' own snapshot), `pending` (VMs).
 */
export function assertSnapshotName(value: string): string {
	check(
		/^[A-Za-z][A-Za-z0-9_-]{1,39}$/.test(value),
		'snapshot name',
		value,
		'a letter then letters, digits, - or _ (2 to 40 characters)',
	);
	check(
		!['current', 'vzdump', 'pending'].includes(value.toLowerCase()),
		'snapshot name',
		value,
		'a name other than current, vzdump or pending (Proxmox reserves them)',
	);
	return value;
}

/** One line of free text for a host command (a description, notes): no control characters, capped. */
export function assertOneLine(value: string, field: string, max = 200): string {
	check(!/[\0-\x1f\x7f]/.test(value) && value.length <= max, field, value, `one line of at most ${max} characters`);
	return value;
}

/** A task id (pve-common PVE::UPID::decode's pattern). */
export function assertUpid(value: string): string {
	check(
		/^UPID:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9A-Fa-f]{8}:[0-9A-Fa-f]{8,9}:[0-9A-Fa-f]{8}:[^:\s/]+:[^:\s/]*:[^:\s/]+:$/.test(
			value,
		),
		'task id',
		value,
		'a UPID like UPID:pve:0003A1B2:0B3C4D5E:674A1F00:vzdump:105:root@pam:',
	);
	return value;
}

/** A backup archive's volume id: `storage:backup/vzdump-lxc-105-2026_11_22-02_00_03.tar.zst` or a PBS `storage:backup/ct/105/2026-11-22T02:00:03Z`. */
export function assertBackupVolid(value: string): string {
	const ok =
		/^[a-z][a-z0-9\-_.]*[a-z0-9]:backup\/(?:vzdump-(?:lxc|qemu|openvz)-\d+-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d(?:\.[a-z0-9]+){1,3}|(?:ct|vm)\/\d+\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/i.test(
			value,
		);
	check(
		ok,
		'backup',
		value,
		'a backup volume id like local:backup/vzdump-lxc-105-2026_11_22-02_00_03.tar.zst or pbs:backup/ct/105/2026-11-22T02:00:03Z',
	);
	return value;
}
