/**
 * OpenZFS text: `zpool list -Hp -o name,size,alloc,free,frag,cap,dedup,health`, `zpool status`
 * (zpool_main.c's layout: tab-indented config table sized to the longest name, modern
 * "X / Y scanned" progress lines), and `zfs list -Hp -o name,used,avail,refer,mountpoint`.
 */
import {compareNames} from '../../model/compare.js';
import {datasetUsage, poolAlloc, scanNow, type ScanNow} from '../metrics.js';
import {nodePools} from '../nodes.js';
import type {SimPool, SimState, SimVdev} from '../types.js';

/** zfs_nicenum_format: 1024-based, at most 5 characters (`68.4M`, `403M`, `1.80G`, `0B`). */
export function zfsNice(value: number, bytes = true): string {
	const units = bytes ? ['B', 'K', 'M', 'G', 'T', 'P', 'E'] : ['', 'K', 'M', 'G', 'T', 'P', 'E'];
	let index = 0;
	let n = value;
	while (n >= 1024 && index < 6) {
		n /= 1024;
		index += 1;
	}
	const unit = units[index]!;
	if (index === 0 || value % 1024 ** index === 0) return `${Math.floor(n)}${unit}`;
	for (const digits of [2, 1, 0]) {
		const text = `${(value / 1024 ** index).toFixed(digits)}${unit}`;
		if (text.length <= 5) return text;
	}
	return `${Math.round(n)}${unit}`;
}

/** ctime(3) in UTC: `Sun Nov  9 01:26:34 2025`. */
export function ctime(ms: number): string {
	const d = new Date(ms);
	const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
	const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
	const two = (n: number): string => String(n).padStart(2, '0');
	return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function hms(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const days = Math.floor(total / 86_400);
	const rest = total % 86_400;
	const clock = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60]
		.map((n) => String(n).padStart(2, '0'))
		.join(':');
	return days > 0 ? `${days} days ${clock}` : clock;
}

export function poolHealth(state: SimState, pool: SimPool): string {
	return state.faults.degradedPool?.pool === pool.name ? 'DEGRADED' : 'ONLINE';
}

export function renderZpoolList(state: SimState, now: number, node = state.localNode): string {
	return nodePools(state, node)
		.sort((a, b) => compareNames(a.name, b.name))
		.map((pool) => {
			const alloc = poolAlloc(state, pool, now);
			const cap = Math.floor((alloc * 100) / pool.size);
			return (
				[pool.name, pool.size, alloc, pool.size - alloc, pool.frag, cap, '1.00', poolHealth(state, pool)].join('\t') +
				'\n'
			);
		})
		.join('');
}

/** The vdev tree, with the degraded-pool fault applied: one disk gone, a replacement resilvering. */
function vdevTree(state: SimState, pool: SimPool): SimVdev {
	const degraded = poolHealth(state, pool) === 'DEGRADED';
	const children = pool.vdevs.map((vdev, index): SimVdev => {
		if (!degraded || index !== 0) return vdev;
		const [good, bad] = vdev.children;
		const replacing: SimVdev = {
			name: 'replacing-1',
			state: 'DEGRADED',
			read: 0,
			write: 0,
			cksum: 0,
			children: [
				{...bad!, state: 'UNAVAIL', read: 3, write: 118, cksum: 47, children: []},
				{
					name: 'ata-WDC_WD80EFZZ-68BTXN0_WD-CA2M0Q4R',
					state: 'ONLINE',
					read: 0,
					write: 0,
					cksum: 0,
					note: '(resilvering)',
					children: [],
				},
			],
		};
		return {...vdev, state: 'DEGRADED', children: [good!, replacing]};
	});
	return {name: pool.name, state: degraded ? 'DEGRADED' : 'ONLINE', read: 0, write: 0, cksum: 0, children};
}

function nameWidth(vdev: SimVdev, depth: number): number {
	return Math.max(vdev.name.length + depth, ...vdev.children.map((c) => nameWidth(c, depth + 2)));
}

function vdevLines(vdev: SimVdev, depth: number, width: number, out: string[]): void {
	const counts = [vdev.read, vdev.write, vdev.cksum].map((n) => zfsNice(n, false).padStart(5)).join(' ');
	const name = ' '.repeat(depth) + vdev.name.padEnd(width - depth);
	out.push(`\t${name}  ${vdev.state.padEnd(8)} ${counts}${vdev.note ? `  ${vdev.note}` : ''}`);
	for (const child of vdev.children) vdevLines(child, depth + 2, width, out);
}

function scanLines(scan: ScanNow, now: number): string[] {
	if (!scan.inProgress) {
		const verb = scan.kind === 'scrub' ? 'scrub repaired' : 'resilvered';
		const amount = scan.kind === 'scrub' ? '0B' : zfsNice(scan.total);
		return [`  scan: ${verb} ${amount} in ${hms(scan.durationMs)} with 0 errors on ${ctime(scan.finishedAt)}`];
	}
	const elapsedSec = Math.max(1, (now - scan.startedAt) / 1000);
	const issued = Math.round(scan.total * scan.fraction);
	const scanned = Math.min(scan.total, Math.round(issued * 1.18));
	const remaining = scan.durationMs - (now - scan.startedAt);
	const done = (scan.fraction * 100).toFixed(2);
	const third =
		scan.kind === 'scrub'
			? `0B repaired, ${done}% done, ${hms(remaining)} to go`
			: `${zfsNice(issued)} resilvered, ${done}% done, ${hms(remaining)} to go`;
	return [
		`  scan: ${scan.kind} in progress since ${ctime(scan.startedAt)}`,
		`\t${zfsNice(scanned)} / ${zfsNice(scan.total)} scanned at ${zfsNice(scanned / elapsedSec)}/s, ${zfsNice(issued)} / ${zfsNice(scan.total)} issued at ${zfsNice(issued / elapsedSec)}/s`,
		`\t${third}`,
	];
}

function poolScan(state: SimState, pool: SimPool, now: number): ScanNow | null {
	const fault = state.faults.degradedPool;
	if (fault?.pool === pool.name) {
		// The replacement disk resilvers for six hours from when the fault began.
		return scanNow(
			{
				...pool,
				scan: {kind: 'resilver', startedAt: fault.since, durationMs: 6 * 3_600_000, total: poolAlloc(state, pool, now)},
			},
			now,
		);
	}
	return scanNow(pool, now);
}

export function renderPoolStatus(state: SimState, pool: SimPool, now: number): string {
	const health = poolHealth(state, pool);
	const lines = [`  pool: ${pool.name}`, ` state: ${health}`];
	const scan = poolScan(state, pool, now);
	if (health === 'DEGRADED') {
		const resilvering = scan?.inProgress === true;
		lines.push(
			resilvering
				? 'status: One or more devices is currently being resilvered.  The pool will\n\tcontinue to function, possibly in a degraded state.'
				: 'status: One or more devices could not be used because the label is missing or\n\tinvalid.  Sufficient replicas exist for the pool to continue\n\tfunctioning in a degraded state.',
			resilvering ? 'action: Wait for the resilver to complete.' : "action: Replace the device using 'zpool replace'.",
		);
		if (!resilvering) lines.push('   see: https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-4J');
	}
	lines.push(...(scan ? scanLines(scan, now) : ['  scan: none requested']));
	const tree = vdevTree(state, pool);
	const width = Math.max(10, nameWidth(tree, 0));
	lines.push(
		'config:',
		'',
		`\t${'NAME'.padEnd(width)}  ${'STATE'.padEnd(8)} ${'READ'.padStart(5)} ${'WRITE'.padStart(5)} ${'CKSUM'.padStart(5)}`,
	);
	vdevLines(tree, 0, width, lines);
	lines.push('', 'errors: No known data errors');
	return lines.join('\n') + '\n';
}

/** `zpool status [pool...]`: pools sorted by name, a blank line between them. */
export function renderZpoolStatus(state: SimState, now: number, only?: string[], node = state.localNode): string {
	const pools = nodePools(state, node)
		.sort((a, b) => compareNames(a.name, b.name))
		.filter((p) => !only || only.length === 0 || only.includes(p.name));
	return pools.map((p) => renderPoolStatus(state, p, now)).join('\n');
}

export function renderZfsList(state: SimState, now: number, node = state.localNode): string {
	const rows: string[] = [];
	for (const pool of nodePools(state, node).sort((a, b) => compareNames(a.name, b.name))) {
		for (const d of datasetUsage(state, pool, now))
			rows.push(`${d.name}\t${d.used}\t${d.avail}\t${d.refer}\t${d.mountpoint ?? '-'}\n`);
	}
	return rows.join('');
}
