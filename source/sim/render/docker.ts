/**
 * Docker's output: `docker ps -a --format '{{json .}}'` (one object per line, fields as the
 * docker CLI docs show), `docker compose ls -a --format json` (one array), `docker logs -t`
 * (RFC3339Nano prefix), and the go-units HumanDuration wording of the Status column.
 */
import type {SimLogLine} from '../journal.js';
import type {SimContainer, SimGuest} from '../types.js';

/** github.com/docker/go-units HumanDuration. */
export function humanDuration(ms: number): string {
	const seconds = Math.floor(ms / 1000);
	if (seconds < 1) return 'Less than a second';
	if (seconds === 1) return '1 second';
	if (seconds < 60) return `${seconds} seconds`;
	const minutes = Math.floor(ms / 60_000);
	if (minutes === 1) return 'About a minute';
	if (minutes < 60) return `${minutes} minutes`;
	const hours = Math.floor(ms / 3_600_000 + 0.5);
	if (hours === 1) return 'About an hour';
	if (hours < 48) return `${hours} hours`;
	if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
	if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
	if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
	return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

function createdText(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

/** When a crash-looping container last went down. */
export function lastCrash(ctr: SimContainer, now: number): number {
	const period = (ctr.restartPeriodSec ?? 60) * 1000;
	const cycles = Math.max(0, Math.floor((now - ctr.startedAt) / period));
	return ctr.startedAt + cycles * period + 600;
}

export function containerStatus(ctr: SimContainer, now: number): string {
	switch (ctr.state) {
		case 'running':
			return `Up ${humanDuration(now - ctr.startedAt)}${ctr.health ? ` (${ctr.health})` : ''}`;
		case 'restarting':
			return `Restarting (${ctr.exitCode}) ${humanDuration(Math.max(0, now - lastCrash(ctr, now)))} ago`;
		case 'exited':
			return `Exited (${ctr.exitCode}) ${humanDuration(now - ctr.startedAt)} ago`;
		case 'paused':
			return `Up ${humanDuration(now - ctr.startedAt)} (Paused)`;
		default:
			return 'Created';
	}
}

function labels(ctr: SimContainer): string {
	if (!ctr.project) return '';
	const map: Record<string, string> = {
		'com.docker.compose.config-hash': ctr.id.slice(0, 64),
		'com.docker.compose.container-number': '1',
		'com.docker.compose.oneoff': 'False',
		'com.docker.compose.project': ctr.project,
		'com.docker.compose.project.config_files': `/srv/containers/${ctr.project}/compose.yml`,
		'com.docker.compose.project.working_dir': `/srv/containers/${ctr.project}`,
		'com.docker.compose.service': ctr.service ?? ctr.name,
		'com.docker.compose.version': '2.29.7',
	};
	return Object.entries(map)
		.map(([k, v]) => `${k}=${v}`)
		.join(',');
}

export function renderDockerPs(guest: SimGuest, now: number, all: boolean): string {
	const containers = (guest.docker?.containers ?? []).filter(
		(c) => all || c.state === 'running' || c.state === 'restarting' || c.state === 'paused',
	);
	return [...containers]
		.sort((a, b) => b.createdAt - a.createdAt)
		.map((c) =>
			JSON.stringify({
				Command: c.command,
				CreatedAt: createdText(c.createdAt),
				ID: c.id.slice(0, 12),
				Image: c.image,
				Labels: labels(c),
				LocalVolumes: c.project ? '1' : '0',
				Mounts: c.project ? `/var/lib/containers/appdata/${c.name}` : '',
				Names: c.name,
				Networks: c.networks,
				Ports: c.state === 'running' ? c.ports : '',
				RunningFor: `${humanDuration(now - c.createdAt)} ago`,
				Size: '0B',
				State: c.state,
				Status: containerStatus(c, now),
			}),
		)
		.map((line) => `${line}\n`)
		.join('');
}

/** compose's ls.go combinedStatus: states counted, sorted by name, `state(n)` joined with ", ". */
export function stackStatus(guest: SimGuest, stack: string): string {
	const counts = new Map<string, number>();
	for (const c of guest.docker?.containers ?? [])
		if (c.project === stack) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
	return [...counts.keys()]
		.sort()
		.map((state) => `${state}(${counts.get(state)})`)
		.join(', ');
}

export function renderComposeLs(guest: SimGuest, all: boolean): string {
	const stacks = (guest.docker?.stacks ?? [])
		.map((s) => ({Name: s.name, Status: stackStatus(guest, s.name), ConfigFiles: s.configFile}))
		.filter((s) => all || /running/.test(s.Status));
	return `${JSON.stringify(stacks)}\n`;
}

/** RFC3339Nano as docker prints it: trailing zeros of the fraction dropped. */
export function rfc3339Nano(ms: number): string {
	const whole = Math.floor(ms);
	const iso = new Date(whole).toISOString().slice(0, 19);
	const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1_000_000);
	const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
	return `${iso}${fraction ? `.${fraction}` : ''}Z`;
}

export function renderDockerLogLine(line: SimLogLine, timestamps: boolean): string {
	return timestamps ? `${rfc3339Nano(line.time)} ${line.message}` : line.message;
}
