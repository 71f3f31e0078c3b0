/** The simulated homelab's Docker containers and compose stacks (inside a Docker-host guest). */
export type SimContainerState = 'running' | 'exited' | 'restarting' | 'created' | 'paused';

export interface SimContainer {
	id: string;
	name: string;
	image: string;
	command: string;
	createdAt: number;
	state: SimContainerState;
	/** When it last started (ms); for `restarting`, when the crash loop began. */
	startedAt: number;
	exitCode: number;
	ports: string;
	project?: string;
	service?: string;
	health?: 'healthy' | 'unhealthy' | 'starting';
	networks: string;
	/** Which message family its logs come from (see sim/log-messages.ts). */
	logKind: string;
	/** Seconds between crash-loop restarts, for `restarting` containers. */
	restartPeriodSec?: number;
	/** The kernel's OOM killer ended its last run (it exits 137). */
	oomKilled?: boolean;
	/** Bind mounts: a host path inside the Docker host guest -> a path in the container. */
	binds?: {source: string; destination: string}[];
	/** Its memory limit (bytes); none: the Docker host's memory. */
	memLimit?: number;
	/** The image it runs once `up -d` recreated it (unset: the tag's first build); when its health turns unhealthy. */
	imageId?: string;
	healthFailsAt?: number;
}

export interface SimStack {
	name: string;
	configFile: string;
}
