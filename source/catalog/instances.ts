/**
 * Horizontal scaling: one template, several instances of a service, as the homelab's
 * automation document lays them out (template 900 → 200 the primary at 10.0.30.10, 210 replica
 * 1 at .11, 211 replica 2 at .12 …). Instance 1 is the catalog's service itself; instance n > 1
 * is replica n-1: its VMID from the service's replica range (2N0+i → 2(i+1)0 … 2(i+1)8, so
 * 200's replicas are 210-218 and 201's 220-228), the next address after the service's in its
 * block of ten, and the service's hostname with the replica's number (`postgresql-db-1`).
 */
import {serviceAddress} from './defaults.js';
import type {CatalogService, HealthProbe} from './types.js';

/** The first replica's VMID for a service at `vmid` (200 → 210, 201 → 220, 208 → 290). */
export function firstReplicaVmid(vmid: number): number {
	return 10 * (Math.floor(vmid / 10) + 1 + (vmid % 10));
}

/** How many instances a service can have: its address block of ten and its replica range of nine. */
export function maxInstances(service: Pick<CatalogService, 'ip'>): number {
	const last = Number(serviceAddress(service).split('.')[3]);
	return 1 + Math.max(0, Math.min(9, 9 - (last % 10), 254 - last));
}

function addressPlus(cidr: string, offset: number): string {
	const [address = '', prefix] = cidr.split('/');
	const octets = address.split('.');
	octets[3] = String(Number(octets[3]) + offset);
	return `${octets.join('.')}${prefix !== undefined ? `/${prefix}` : ''}`;
}

/** Probes reach the instance: an HTTP probe's URL that names the service's address names the instance's. */
function probesFor(probes: readonly HealthProbe[], from: string, to: string): HealthProbe[] {
	return probes.map((p) =>
		p.kind === 'http' ? {...p, url: p.url.replace(`//${from}`, `//${to}`)} : p.kind === 'tcp' ? {...p} : p,
	);
}

/** Instance `n` (1-based) of a service: the service itself for 1, its replica n-1 after. */
export function serviceInstance(service: CatalogService, n: number): CatalogService {
	if (n <= 1) return service;
	const replica = n - 1;
	const ip = addressPlus(service.ip, replica);
	return {
		...service,
		vmid: firstReplicaVmid(service.vmid) + replica - 1,
		hostname: `${service.hostname}-${replica}`,
		ip,
		probes: probesFor(service.probes, serviceAddress(service), serviceAddress({ip})),
	};
}

/** Instances 1..count of a service (the caller checked count against maxInstances). */
export function serviceInstances(service: CatalogService, count: number): CatalogService[] {
	return Array.from({length: count}, (_, i) => serviceInstance(service, i + 1));
}
