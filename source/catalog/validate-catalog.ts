/**
 * Checks every value of a catalog entry before any command is built from it, so a bad config
 * file is refused with a message naming the service and the field, not at step 4 of a deploy.
 */
import {
	assertBridge,
	assertCidr,
	assertHostname,
	assertIpv4,
	assertNode,
	assertPath,
	assertServiceName,
	assertStorage,
	assertTag,
	assertVmid,
	InvalidValueError,
} from '../host/validate.js';
import type {Catalog, CatalogService} from './types.js';
import {checkTemplateRecipe} from './validate-template.js';

export interface CatalogProblem {
	service: string;
	message: string;
}

const MOUNT_KEY = /^mp(\d|[1-9]\d|1\d\d|2[0-4]\d|25[0-5])$/;

function checkService(s: CatalogService): void {
	assertServiceName(s.name);
	assertVmid(s.templateVmid);
	assertVmid(s.vmid);
	assertHostname(s.hostname);
	assertStorage(s.storage);
	if (s.node !== undefined) assertNode(s.node);
	assertBridge(s.bridge);
	assertCidr(s.ip);
	assertIpv4(s.gateway);
	if (!Number.isInteger(s.memory) || s.memory < 16)
		throw new InvalidValueError('memory', String(s.memory), 'MiB, a whole number of at least 16');
	if (!Number.isInteger(s.cores) || s.cores < 1 || s.cores > 8192)
		throw new InvalidValueError('cores', String(s.cores), 'a whole number from 1 to 8192');
	for (const tag of s.tags) assertTag(tag);
	for (const m of s.mounts) {
		if (!MOUNT_KEY.test(m.key)) throw new InvalidValueError('mount key', m.key, 'mp0 to mp255');
		assertPath(m.path, 'mount path');
		if (m.source.startsWith('/')) assertPath(m.source, 'mount source');
		else if (!/^[a-z][a-z0-9\-_.]*:[A-Za-z0-9_.-]+$/i.test(m.source))
			throw new InvalidValueError('mount source', m.source, 'a host path or storage:volume');
	}
	for (const probe of s.probes) {
		if (probe.kind === 'tcp' && (!Number.isInteger(probe.port) || probe.port < 1 || probe.port > 65535)) {
			throw new InvalidValueError('probe port', String(probe.port), 'a port from 1 to 65535');
		}
		if (probe.kind === 'tcp' && probe.host !== undefined) assertIpv4(probe.host, 'probe host');
		if (probe.kind === 'http' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/?=&%+-]*)?$/.test(probe.url)) {
			throw new InvalidValueError('probe URL', probe.url, 'an http(s) URL without spaces or quotes');
		}
		if (probe.kind === 'command' && probe.argv.length === 0)
			throw new InvalidValueError('probe command', '', 'at least one word');
	}
	for (const argv of s.postDeploy)
		if (argv.length === 0) throw new InvalidValueError('post-deploy command', '', 'at least one word');
	if (s.template) checkTemplateRecipe(s.template);
}

/** Every problem in the catalog (empty when it is usable). */
export function validateCatalog(catalog: Catalog): CatalogProblem[] {
	const problems: CatalogProblem[] = [];
	const names = new Set<string>();
	const vmids = new Map<number, string>();
	for (const s of catalog.services) {
		try {
			checkService(s);
		} catch (error) {
			problems.push({service: s.name, message: error instanceof Error ? error.message : String(error)});
			continue;
		}
		if (names.has(s.name)) problems.push({service: s.name, message: 'the name is used twice'});
		names.add(s.name);
		const other = vmids.get(s.vmid);
		if (other) problems.push({service: s.name, message: `VMID ${s.vmid} is also ${other}'s`});
		vmids.set(s.vmid, s.name);
	}
	return problems;
}
