/**
 * What a Docker or Podman host guest holds: its containers (with live stats and the state
 * `inspect` gives), its compose stacks, its disk use, and why proxdeck treats it as a Docker
 * host at all. A value the host did not give is absent or null: unknown, never 0.
 */

import {compareNames} from './compare.js';

/** One `docker stats --no-stream` reading of a running container. */
export interface ContainerStats {
	/** Percent of one CPU (a container on 4 cores can show up to 400). */
	cpuPercent: number | null;
	memUsed: number | null;
	/** The container's memory limit, or the host's memory when it has none. */
	memLimit: number | null;
	netRx: number | null;
	netTx: number | null;
	blockRead: number | null;
	blockWrite: number | null;
	pids: number | null;
}

/** A mount as `docker inspect` lists it. */
export interface ContainerMount {
	/** `bind`, `volume`, `tmpfs`. */
	type: string;
	/** The path on the Docker host (bind) or the volume's data directory. */
	source: string;
	destination: string;
	/** Bind mounts only: true when the source is not there on the Docker host, undefined when not checked. */
	sourceMissing?: boolean;
}

export interface Container {
	id: string;
	name: string;
	image: string;
	state: string; // running, exited, created, restarting, paused
	status: string; // human text from docker: "Up 3 hours (healthy)"
	ports: string;
	/** Compose project the container belongs to, when labelled. */
	project?: string;
	runtime: 'docker' | 'podman';
	/** Live usage; only running containers of a polled host have it. */
	stats?: ContainerStats;
	/** From `inspect`: times the engine restarted it (restart policy). */
	restarts?: number;
	/** Healthcheck state (`healthy`, `unhealthy`, `starting`); absent without a healthcheck. */
	health?: string;
	/** Consecutive failed healthchecks, with the last check's output (capped). */
	failingStreak?: number;
	lastHealthOutput?: string;
	/** The kernel's OOM killer ended its last run. */
	oomKilled?: boolean;
	/** Exit code of its last run (0 while it has never stopped). */
	exitCode?: number;
	mounts?: ContainerMount[];
}

export interface ComposeStack {
	name: string;
	status: string; // "running(3)", "exited(1), running(2)"
	running: number;
	total: number;
	configFiles?: string;
}

/** One line of `docker system df`: images, containers, local volumes or the build cache. */
export interface DockerDiskUsage {
	type: string;
	total: number | null;
	active: number | null;
	/** Bytes. */
	size: number | null;
	/** Bytes a prune could free. */
	reclaimable: number | null;
}

/** Why a guest is, or is not, looked inside for containers. */
export type DockerDetectionRule =
	| 'config' // the context config lists it in dockerHosts
	| 'config-excluded' // the context config says it is not a Docker host
	| 'name' // its name says docker or podman
	| 'tag' // a tag says docker, podman or compose
	| 'probe' // a docker or podman binary answered inside it
	| 'probe-none' // the probe found neither
	| 'no-nesting' // its config does not allow nesting, so Docker cannot run in it
	| 'not-lxc' // a VM or a template: pct exec does not reach it
	| 'not-running'
	| 'probe-pending'; // allowed, running, and not probed yet

export interface DockerDetection {
	dockerHost: boolean;
	runtime?: 'docker' | 'podman';
	rule: DockerDetectionRule;
	/** One sentence for the guest detail. */
	reason: string;
}

/** A compose stack as the guests tree shows it: its containers and their summed usage. */
export interface StackSummary {
	/** The compose project; undefined for the containers no project claims. */
	project?: string;
	containers: Container[];
	running: number;
	total: number;
	/** Sums over the containers whose stats were read; null when none was. */
	cpuPercent: number | null;
	memUsed: number | null;
}

function sum(values: (number | null | undefined)[]): number | null {
	const known = values.filter((v): v is number => typeof v === 'number');
	return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** A Docker host's containers grouped by compose project (named stacks first, by name), then the loose ones. */
export function stacksOf(containers: readonly Container[]): StackSummary[] {
	const groups = new Map<string | undefined, Container[]>();
	for (const container of containers) {
		const list = groups.get(container.project);
		if (list) list.push(container);
		else groups.set(container.project, [container]);
	}
	const named = [...groups.keys()].filter((k): k is string => k !== undefined).sort(compareNames);
	const order: (string | undefined)[] = groups.has(undefined) ? [...named, undefined] : named;
	return order.map((project) => {
		const members = groups.get(project)!;
		return {
			...(project === undefined ? {} : {project}),
			containers: members,
			running: members.filter((c) => c.state === 'running').length,
			total: members.length,
			cpuPercent: sum(members.map((c) => c.stats?.cpuPercent)),
			memUsed: sum(members.map((c) => c.stats?.memUsed)),
		};
	});
}
