/**
 * `pveam list|update|available|download` on the sim, in pveam's own formats: `list` as a
 * `NAME SIZE` table of volids, `available` as `section  file`, `download` with wget's dot
 * progress and pveam's checksum line. A download needs the index `pveam update` fetches, and
 * room on the storage; the homelab starts with only an older Debian template on `local`.
 */
import {ok, paramError, pveError, type SimContext} from './cmd-util.js';
import type {SimResult} from './faults.js';
import {storageUsage} from './metrics.js';
import type {SimState} from './types.js';
import type {SimTemplating} from './templating-types.js';
import {findStorage} from './volumes.js';

const MB = 1_000_000;
/** pveam prints sizes in MiB and calls them MB. */
const MIB = 1024 * 1024;

/** What `pveam available` lists once the index is there (sizes in bytes, for downloads). */
const INDEX: {section: string; file: string; size: number}[] = [
	{section: 'system', file: 'alpine-3.20-default_20240908_amd64.tar.xz', size: 3_098_156},
	{section: 'system', file: 'archlinux-base_20240911-1_amd64.tar.zst', size: 180_402_204},
	{section: 'system', file: 'debian-11-standard_11.7-1_amd64.tar.zst', size: 129_257_888},
	{section: 'system', file: 'debian-12-standard_12.7-1_amd64.tar.zst', size: 126_009_839},
	{section: 'system', file: 'fedora-40-default_20240909_amd64.tar.xz', size: 96_157_212},
	{section: 'system', file: 'rockylinux-9-default_20240912_amd64.tar.xz', size: 104_513_436},
	{section: 'system', file: 'ubuntu-22.04-standard_22.04-1_amd64.tar.zst', size: 140_883_720},
	{section: 'system', file: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', size: 148_170_404},
	{section: 'turnkeylinux', file: 'debian-12-turnkey-core_18.0-1_amd64.tar.gz', size: 265_231_914},
];

/** The sim's template state, made on first use (a homelab saved before it existed gets it then). */
export function templating(state: SimState): SimTemplating {
	state.templating ??= {
		osTemplates: [
			{storage: 'local', node: state.localNode, file: 'debian-11-standard_11.7-1_amd64.tar.zst', size: 129_257_888},
		],
		indexAt: null,
		files: {},
	};
	return state.templating;
}

export function hasOsTemplate(state: SimState, storage: string, file: string, node: string): boolean {
	return templating(state).osTemplates.some((t) => t.storage === storage && t.file === file && t.node === node);
}

function vztmplStorage(ctx: SimContext, id: string | undefined, usage: string): SimResult | string {
	if (!id) return paramError({storage: 'property is missing and it is not optional'}, usage);
	const storage = findStorage(ctx.state, id);
	if (!storage || (storage.nodes && !storage.nodes.includes(ctx.node)))
		return pveError(`storage '${id}' does not exist`);
	if (!storage.content.includes('vztmpl')) return pveError(`storage '${id}' does not support vztmpl content`);
	return id;
}

function list(ctx: SimContext, args: string[]): SimResult {
	const id = vztmplStorage(ctx, args[0], 'pveam list <storage> [OPTIONS]');
	if (typeof id !== 'string') return id;
	const rows = templating(ctx.state).osTemplates.filter((t) => t.storage === id && t.node === ctx.node);
	const lines = rows.map((t) => `${`${id}:vztmpl/${t.file}`.padEnd(60)} ${(t.size / MIB).toFixed(2)}MB`);
	return ok(`${'NAME'.padEnd(60)} SIZE\n${lines.map((l) => `${l}\n`).join('')}`);
}

function available(ctx: SimContext, args: string[]): SimResult {
	const section = args[0] === '--section' ? args[1] : undefined;
	if (templating(ctx.state).indexAt === null) return ok();
	const rows = INDEX.filter((t) => section === undefined || t.section === section);
	return ok(rows.map((t) => `${t.section.padEnd(15)} ${t.file}\n`).join(''));
}

/** wget's dot progress, a line per 5 %, as pveam passes it on. */
function dots(size: number): string {
	const lines: string[] = [];
	for (let pct = 5; pct <= 100; pct += 5) {
		const kb = Math.round((size * (pct - 5)) / 100 / 1024);
		const eta = Math.round(((100 - pct) / 100) * (size / (11.2 * MB)));
		lines.push(
			`${`${kb}K`.padStart(8)} ........ ........ ........ ........ ........ ........ ${String(pct).padStart(3)}% 11.2M ${eta}s`,
		);
	}
	return lines.join('\n');
}

function download(ctx: SimContext, args: string[]): SimResult {
	const usage = 'pveam download <storage> <template> [OPTIONS]';
	const id = vztmplStorage(ctx, args[0], usage);
	if (typeof id !== 'string') return id;
	const file = args[1];
	if (!file) return paramError({template: 'property is missing and it is not optional'}, usage);
	const state = templating(ctx.state);
	const entry = state.indexAt === null ? undefined : INDEX.find((t) => t.file === file);
	if (!entry) return paramError({template: 'no such template'}, usage);
	const url = `http://download.proxmox.com/images/${entry.section}/${file}`;
	const path = `/var/lib/vz/template/cache/${file}`;
	const head = `downloading ${url} to ${path}\n--${new Date(ctx.now).toISOString().slice(0, 19).replace('T', ' ')}--  ${url}\nResolving download.proxmox.com (download.proxmox.com)... 212.224.123.70\nConnecting to download.proxmox.com (download.proxmox.com)|212.224.123.70|:80... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: ${entry.size} (${Math.round(entry.size / 1024 / 1024)}M) [application/octet-stream]\nSaving to: '${path}.tmp_dwnl.${4000 + (ctx.now % 1000)}'\n\n`;
	const storage = findStorage(ctx.state, id)!;
	const room = storageUsage(ctx.state, storage, ctx.node, ctx.now);
	if (room.total - room.used < entry.size)
		return {
			stdout: head,
			stderr: `Cannot write to '${path}.tmp_dwnl.${4000 + (ctx.now % 1000)}' (No space left on device).\ndownload failed: wget: exit code 3\n`,
			code: 255,
		};
	if (!hasOsTemplate(ctx.state, id, file, ctx.node))
		state.osTemplates.push({storage: id, node: ctx.node, file, size: entry.size});
	storage.baseUsed += entry.size;
	return ok(
		`${head}${dots(entry.size)}\n\ncalculating checksum...OK, checksum verified\ndownload of '${url}' to '${path}' finished\n`,
	);
}

export function runPveam(ctx: SimContext, args: string[]): SimResult {
	const [sub, ...rest] = args;
	switch (sub) {
		case 'list':
			return list(ctx, rest);
		case 'available':
			return available(ctx, rest);
		case 'update':
			templating(ctx.state).indexAt = ctx.now;
			return ok('update successful\n');
		case 'download':
			return download(ctx, rest);
		default:
			return {
				stdout: '',
				stderr: `ERROR: unknown command 'pveam ${sub ?? ''}'\nUSAGE: pveam <COMMAND> [ARGS] [OPTIONS]\n`,
				code: 255,
			};
	}
}
