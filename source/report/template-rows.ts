/**
 * The templates of a snapshot as rows (the templates view, `proxdeck template list`): the
 * catalog service each one is for, its storage and root disk size, when proxdeck made it
 * (from the journal; unknown for a template made some other way), and the guests made from it.
 * Full clones keep no link to their template in Proxmox, so a guest counts as made from one
 * when its volume is the template's base (a linked clone), when it is the catalog service's
 * guest, or when it carries the description the template was built with.
 */
import type {Catalog} from '../catalog/types.js';
import type {JournalEntry} from '../journal/journal.js';
import {formatAgo, formatBytes} from '../model/format.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import {buildDescription} from '../ops/template-preflight.js';

export interface TemplateRow {
	vmid: number;
	name: string;
	node: string;
	/** The catalog service whose template this is, when one is. */
	service?: string;
	storage?: string;
	/** Root disk bytes, when the config says. */
	size?: number;
	/** When proxdeck finished making it (ms), when the journal says. */
	madeAt?: number;
	sizeText: string;
	ageText: string;
	clones: {vmid: number; name: string; status: string}[];
}

function madeFrom(
	guest: Guest,
	template: Guest,
	service: string | undefined,
	serviceVmid: number | undefined,
): boolean {
	if (guest.template || guest.vmid === template.vmid) return false;
	if (guest.mounts.some((m) => m.source.includes(`base-${template.vmid}-disk-`))) return true;
	if (service === undefined) return false;
	return guest.vmid === serviceVmid || (guest.description ?? '').trim() === buildDescription(service);
}

/** When proxdeck last made each template, from the journal's finished `template` actions. */
export function templatesMade(
	entries: readonly Pick<JournalEntry, 'action' | 'result' | 'target' | 'time'>[],
): Map<number, number> {
	const made = new Map<number, number>();
	for (const e of entries) {
		const vmid = /\((\d+)\)$/.exec(e.target)?.[1];
		if ((e.action === 'template' || e.action === 'recreate') && e.result === 'ok' && vmid)
			made.set(Number(vmid), Date.parse(e.time));
	}
	return made;
}

/** `madeAt`: VMID → when a template job last finished for it (the journal's word). */
export function templateRows(
	snapshot: Snapshot,
	catalog: Catalog,
	nowMs: number,
	madeAt: ReadonlyMap<number, number> = new Map(),
): TemplateRow[] {
	const templates = snapshot.guests.filter((g) => g.template && g.type === 'lxc').sort((a, b) => a.vmid - b.vmid);
	return templates.map((template) => {
		const service = catalog.services.find((s) => s.templateVmid === template.vmid);
		const root = template.mounts.find((m) => m.key === 'rootfs');
		const storage = root?.source.includes(':') ? root.source.split(':')[0] : undefined;
		const made = madeAt.get(template.vmid);
		return {
			vmid: template.vmid,
			name: template.name,
			node: template.node,
			...(service ? {service: service.name} : {}),
			...(storage ? {storage} : {}),
			...(root?.size !== undefined ? {size: root.size} : {}),
			...(made !== undefined ? {madeAt: made} : {}),
			sizeText: root?.size !== undefined ? formatBytes(root.size) : '?',
			ageText: made !== undefined ? formatAgo(Math.floor(made / 1000), nowMs) : '?',
			clones: snapshot.guests
				.filter((g) => madeFrom(g, template, service?.name, service?.vmid))
				.map((g) => ({vmid: g.vmid, name: g.name, status: g.status})),
		};
	});
}

/** A catalog template the host does not have, listed under the templates so `c` can make it. */
export interface MissingTemplateRow {
	vmid: number;
	service: string;
	missing: true;
}

/** The rows of the templates view, in its order: the host's templates, then the missing ones. */
export function templateViewRows(
	snapshot: Snapshot,
	catalog: Catalog,
	nowMs: number,
	madeAt: ReadonlyMap<number, number> = new Map(),
): (TemplateRow | MissingTemplateRow)[] {
	const missing = catalog.services
		.filter((s) => s.template && !snapshot.guests.some((g) => g.vmid === s.templateVmid))
		.map((s): MissingTemplateRow => ({vmid: s.templateVmid, service: s.name, missing: true}));
	return [...templateRows(snapshot, catalog, nowMs, madeAt), ...missing];
}
