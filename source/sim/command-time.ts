/**
 * How long the commands of a refresh take on a real host, for a sim that runs in real time.
 * The demo models none (it answers at once, so its start-up and first frame measure proxdeck
 * alone); a transport asks for one (sim/transport.ts `timing`).
 *
 * `sampling` models only what no fast machine can avoid: `docker stats --no-stream` returns
 * after the daemon has taken two samples of each container's CPU counters a sampling
 * interval apart (it needs two to compute CPU %), which takes one to two seconds; the sim
 * takes the lower end, one second.
 *
 * `host` (the Docker stats benchmark) also gives every other command of a refresh the time it
 * takes on a typical Proxmox node: Proxmox's tools are Perl programs that load their modules
 * before they do anything (pvesh and ha-manager several hundred milliseconds, pct a few
 * hundred before lxc-attach), the Docker CLI asks its daemon over a socket, and the small C
 * tools (ip, zpool, wg) answer in milliseconds. These are estimates of a typical node, not
 * measurements of one; what they model is which commands are slow and which are not.
 */
export type SimTiming = 'sampling' | 'host';

/** The interval between the Docker daemon's two samples behind one `stats --no-stream`. */
export const DOCKER_SAMPLING_MS = 1_000;

/** Time each program takes of its own under `host` timing (what it runs inside comes on top). */
const HOST_MS: Record<string, number> = {
	pvesh: 450,
	'ha-manager': 350,
	pct: 250,
	qm: 250,
	zpool: 15,
	zfs: 20,
	ip: 3,
	bridge: 3,
	wg: 3,
	awk: 10,
	docker: 60,
	ls: 1,
};

function isSampling(argv: readonly string[]): boolean {
	return argv[0] === 'docker' && argv[1] === 'stats' && argv.includes('--no-stream');
}

/** The modelled time of one command, `timeout`/`sudo` peeled off (its own part: a `pct exec` adds what ran in the guest). */
export function commandTimeMs(timing: SimTiming | undefined, argv: readonly string[]): number {
	if (timing === undefined) return 0;
	const sampling = isSampling(argv) ? DOCKER_SAMPLING_MS : 0;
	if (timing === 'sampling') return sampling;
	const compose = argv[0] === 'docker' && argv[1] === 'compose' ? 100 : 0;
	return sampling + compose + (HOST_MS[argv[0] ?? ''] ?? 0);
}

/** The result with the command's own modelled time added to what it ran took. */
export function timed<T extends {elapsedMs?: number}>(
	timing: SimTiming | undefined,
	argv: readonly string[],
	result: T,
): T {
	const own = commandTimeMs(timing, argv);
	return own === 0 ? result : {...result, elapsedMs: (result.elapsedMs ?? 0) + own};
}
