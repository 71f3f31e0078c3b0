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
	/** How `proxdeck template create` makes the template; absent: the catalog cannot make it. */
	template?: TemplateRecipe;
}

/**
 * A community script pinned by its digest: the host downloads the URL, checks the file's
 * sha256 against this one before anything runs, and runs it with the variables it reads
 * (it creates and installs the container itself).
 */
export interface CommunityScript {
	/** https only. */
	url: string;
	/** 64 lower-case hex digits. */
	sha256: string;
}

/** How a service's template is installed: commands run inside the new container, or a pinned community script. */
export type TemplateInstall = {commands: string[][]} | {script: CommunityScript};

/** Phase 1 of the homelab's workflow: how the template (`templateVmid`) is made from nothing. */
export interface TemplateRecipe {
	/** Storage the template's root disk goes to (the homelab keeps templates on the HDD: local-hdd). */
	storage: string;
	/** OS template file as `pveam available` names it (debian-12-standard_12.7-1_amd64.tar.zst). */
	osTemplate: string;
	/** Storage that holds OS templates (content vztmpl): local. */
	osStorage: string;
	/** Root disk, GiB. */
	diskGb: number;
	install: TemplateInstall;
}

export interface Catalog {
	services: CatalogService[];
}
