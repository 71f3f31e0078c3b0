/**
 * What a template build checks in one snapshot before anything changes: the recipe, the node,
 * the VMID (free, already a template, or a container an earlier run of proxdeck began and
 * can finish), the template storage (takes containers, has room) and the OS template storage.
 */
import type {CatalogService, TemplateRecipe} from '../catalog/types.js';
import {formatBytes} from '../model/format.js';
import {storageFree} from '../model/usage.js';
import type {Guest, Snapshot} from '../model/snapshot.js';
import type {PreflightCheck} from './job.js';
import {offlineNodeBlocker} from './preflight.js';

/** The description a template build gives its container: how a later run knows it can finish it. */
export function buildDescription(service: string): string {
	return `Made by proxdeck from catalog service ${service}`;
}

/** The tag a build sets once its install ran, so a resumed run does not install again. */
export const INSTALLED_TAG = 'proxdeck-installed';

/** A container (not yet a template) that proxdeck began making for this service. */
export function isOwnBuild(guest: Guest, service: string): boolean {
	return guest.type === 'lxc' && !guest.template && (guest.description ?? '').trim() === buildDescription(service);
}

export interface TemplatePreflight {
	checks: PreflightCheck[];
	blockers: string[];
	/** The guest at the VMID: a finished template (nothing to do) or a build to finish. */
	existing?: Guest;
	finished: boolean;
}

const GIB = 1024 ** 3;

export function templatePreflight(
	snapshot: Snapshot | null,
	service: CatalogService,
	vmid: number,
	node: string,
	readError?: string,
): TemplatePreflight {
	const checks: PreflightCheck[] = [];
	const add = (name: string, ok: boolean, detail: string): void => {
		checks.push({name, ok, detail});
	};
	const recipe: TemplateRecipe | undefined = service.template;
	if (!recipe)
		add(
			'recipe',
			false,
			`the catalog has no template recipe for ${service.name}: give catalog.services[].template in the config (an OS template and install commands, or a community script pinned by URL and sha256)`,
		);
	if (!snapshot) {
		add('read', false, readError ?? 'could not read the host state');
		return {checks, blockers: checks.filter((c) => !c.ok).map((c) => c.detail), finished: false};
	}
	const nodeRow = snapshot.nodes.find((n) => n.name === node);
	if (!nodeRow)
		add('node', false, `no node ${node} in the cluster (nodes: ${snapshot.nodes.map((n) => n.name).join(', ')})`);
	else {
		const offline = offlineNodeBlocker(snapshot, node, `template ${vmid}`);
		add('node', offline === null, offline ?? `node ${node} is online`);
	}
	const existing = snapshot.guests.find((g) => g.vmid === vmid);
	let finished = false;
	if (!existing) add('vmid', true, `VMID ${vmid} is free`);
	else if (existing.template && existing.type === 'lxc') {
		finished = true;
		add('vmid', true, `template ${vmid} (${existing.name}) already exists on ${existing.node}`);
	} else if (isOwnBuild(existing, service.name))
		add('vmid', true, `CT ${vmid} is a ${service.name} template proxdeck began making: this run finishes it`);
	else
		add(
			'vmid',
			false,
			`VMID ${vmid} is taken by ${existing.type === 'qemu' ? 'VM' : 'CT'} ${existing.name} (${existing.status}, not a template proxdeck began): remove it, or give the service another templateVmid`,
		);
	if (existing && existing.node !== node && (finished || isOwnBuild(existing, service.name)))
		add('node', true, `it lives on ${existing.node}: the build goes on there`);
	if (recipe && !finished && !existing) {
		const storage = snapshot.storages.find((s) => s.storage === recipe.storage && s.node === node);
		const free = storage ? storageFree(storage) : null;
		if (!storage) add('storage', false, `no storage ${recipe.storage} on node ${node}`);
		else if (!storage.content.includes('rootdir'))
			add(
				'storage',
				false,
				`storage ${recipe.storage} does not hold containers (content: ${storage.content.join(',')})`,
			);
		else if (free !== null && free < recipe.diskGb * GIB)
			add(
				'storage',
				false,
				`storage ${recipe.storage} has ${formatBytes(free)} free, the template's disk needs ${recipe.diskGb} GiB`,
			);
		else
			add('storage', true, `${recipe.storage} takes containers${free !== null ? `, ${formatBytes(free)} free` : ''}`);
		if (!('script' in recipe.install)) {
			const os = snapshot.storages.find((s) => s.storage === recipe.osStorage && s.node === node);
			if (!os) add('os-storage', false, `no storage ${recipe.osStorage} on node ${node} for the OS template`);
			else if (!os.content.includes('vztmpl'))
				add('os-storage', false, `storage ${recipe.osStorage} does not hold OS templates (content vztmpl)`);
			else add('os-storage', true, `${recipe.osStorage} holds OS templates`);
		}
	}
	return {
		checks,
		blockers: checks.filter((c) => !c.ok).map((c) => c.detail),
		...(existing ? {existing} : {}),
		finished,
	};
}
