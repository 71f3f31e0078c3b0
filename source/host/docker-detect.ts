/**
 * Which guests are Docker or Podman hosts, and why. The context config decides first (a list
 * of Docker hosts, or guests that are not), then a tag or the name (docker, podman, compose),
 * then a probe: a running LXC whose config allows nesting is asked once per start whether
 * docker or podman is installed (`command -v`). The answer is kept until the guest restarts.
 */
import type {DockerDetection} from '../model/docker.js';

export interface DetectableGuest {
	vmid: number;
	name: string;
	type: 'lxc' | 'qemu';
	status: string;
	template: boolean;
	tags: string[];
	/** Seconds since the guest started (0 when stopped, null when the host did not say). */
	uptime?: number | null;
	/** The LXC's config says `features: nesting=1`; undefined while its config is unknown. */
	nesting?: boolean;
}

export interface DockerChoice {
	/** Docker hosts: explicit vmids (these and no other) or 'auto' (default). */
	dockerHosts?: number[] | 'auto';
	/** Guests never treated as Docker hosts, whatever their name, tags or probe say. */
	notDockerHosts?: number[];
}

/** A probe's answer and the start of the guest it was asked in. */
export interface ProbeAnswer {
	startedAt: number;
	runtime: 'docker' | 'podman' | null;
}

const DOCKER_TAG = /^(docker|podman|compose)$/i;
const DOCKER_NAME = /docker|podman/i;
/** Uptime is read in whole seconds and refreshes run seconds apart: a start within this is the same start. */
const SAME_START_MS = 90_000;

/** When the guest started, from its uptime at `nowMs`. */
export function startOf(guest: Pick<DetectableGuest, 'uptime'>, nowMs: number): number {
	return nowMs - (guest.uptime ?? 0) * 1000;
}

/** The probe answer still holds: asked since the guest's current start. */
export function answerHolds(answer: ProbeAnswer | undefined, guest: DetectableGuest, nowMs: number): boolean {
	return answer !== undefined && Math.abs(answer.startedAt - startOf(guest, nowMs)) < SAME_START_MS;
}

function runtimeByLabel(guest: DetectableGuest): 'docker' | 'podman' {
	return guest.tags.some((t) => /^podman$/i.test(t)) || /podman/i.test(guest.name) ? 'podman' : 'docker';
}

/** The answers whose reason names nothing of the guest: one object each, shared (a detection is never changed in place). */
const NOT_LXC = no('not-lxc', 'not a container: pct exec reaches running LXCs only');
const NOT_RUNNING = no('not-running', 'not running: looked inside once it runs');
const LISTED_NOT = no('config-excluded', 'the context config lists it under notDockerHosts');
const NOT_LISTED = no('config-excluded', 'the context config lists its Docker hosts, and not this one');
const NO_NESTING = no(
	'no-nesting',
	'its config does not allow nesting (features: nesting=1), so Docker cannot run in it',
);
const PROBED_NONE = no('probe-none', 'neither docker nor podman is installed (probed since it started)');
const PROBE_PENDING = no(
	'probe-pending',
	'not probed yet: asked whether docker or podman is installed at the next refresh',
);

function no(rule: DockerDetection['rule'], reason: string): DockerDetection {
	return {dockerHost: false, rule, reason};
}

function yes(rule: DockerDetection['rule'], runtime: 'docker' | 'podman', reason: string): DockerDetection {
	return {dockerHost: true, runtime, rule, reason};
}

export function detectDocker(
	guest: DetectableGuest,
	choice: DockerChoice,
	answer: ProbeAnswer | undefined,
	nowMs: number,
): DockerDetection {
	if (guest.type !== 'lxc' || guest.template) return NOT_LXC;
	if (guest.status !== 'running') return NOT_RUNNING;
	if (choice.notDockerHosts?.includes(guest.vmid)) return LISTED_NOT;
	if (Array.isArray(choice.dockerHosts)) {
		return choice.dockerHosts.includes(guest.vmid)
			? yes('config', runtimeByLabel(guest), 'the context config lists it under dockerHosts')
			: NOT_LISTED;
	}
	const tag = guest.tags.find((t) => DOCKER_TAG.test(t));
	if (tag) return yes('tag', runtimeByLabel(guest), `tagged ${tag}`);
	if (DOCKER_NAME.test(guest.name)) return yes('name', runtimeByLabel(guest), `its name says ${runtimeByLabel(guest)}`);
	if (guest.nesting === false) return NO_NESTING;
	if (answerHolds(answer, guest, nowMs)) {
		return answer!.runtime === null
			? PROBED_NONE
			: yes('probe', answer!.runtime, `${answer!.runtime} is installed (probed since it started)`);
	}
	return PROBE_PENDING;
}
