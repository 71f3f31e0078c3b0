/**
 * The service catalog: what `proxdeck deploy <service>` builds and what `proxdeck health`
 * expects to find. The defaults clone templates 900-908 to 200-208 on vmbr2 (catalog/defaults.ts);
 * the config file's `catalog.services` overrides any field, so everything here is plain data.
 */

/** A bind mount or volume the service expects (the homelab's pools: mp0 staging, mp1 service, mp2 media). */
export interface CatalogMount {
	/** Config key: mp0..mp255. */
	key: string;
	/** Host path (`/media-pool`) or volume. */
	source: string;
	/** Path inside the guest. */
	path: string;
	readonly?: boolean;
}

/** A probe that proves the service works. TCP and HTTP run from the host; `command` runs in the guest. */
export type HealthProbe =
	| {kind: 'tcp'; name: string; port: number; host?: string}
	| {kind: 'http'; name: string; url: string; expect: number}
	| {kind: 'command'; name: string; argv: string[]};

export interface CatalogService {
	/** Catalog key: lower-case words with hyphens (`postgresql`). */
	name: string;
	description?: string;
	templateVmid: number;
	vmid: number;
	hostname: string;
	/** Storage the clone's volumes go to (by default local-lvm, the SSD). */
	storage: string;
	/** Node to clone to (`--target`); unset: the template's node. */
	node?: string;
	bridge: string;
	/** Static address with prefix, like 10.0.30.10/24. */
	ip: string;
	gateway: string;
	/** MiB. */
	memory: number;
	cores: number;
	onboot: boolean;
	mounts: CatalogMount[];
	tags: string[];
	/** Commands run in the guest with `pct exec` after the first successful start (argv each). */
	postDeploy: string[][];
	probes: HealthProbe[];
	/** Take a `pct snapshot` before risky steps (compose updates, resizes). */
	snapshotBeforeRisky?: boolean;
	/** The guest runs Docker (compose stacks live in it). */
	dockerHost?: boolean;
	/** Seconds to wait for the guest to report running, and for its probes to pass. */
	startTimeoutSec?: number;
	healthTimeoutSec?: number;
}

export interface Catalog {
	services: CatalogService[];
}
