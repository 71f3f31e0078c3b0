/**
 * Docker commands as they are sent (validated names, quoted in one place, inside `pct exec`
 * on the guest's node), and a stack's merged log lines: each one's container becomes its
 * prefix, with the same colour on every line of that container.
 */
import {describe, expect, it} from 'vitest';
import {renderCommand} from '../../source/host/host-command.js';
import {shellSplit} from '../../source/host/quote.js';
import {
	containerImage,
	containerRemove,
	containerShell,
	containerVerb,
	imageInspect,
	stackLogStream,
	stackVerb,
	systemPrune,
} from '../../source/ops/docker-commands.js';
import {parseImageLine, stackHealth} from '../../source/ops/stack-update.js';
import {containerColor, parseComposeLogLine} from '../../source/store/log-lines.js';

const on = {vmid: 111, node: 'pve2'};

describe('docker command building', () => {
	it('puts every docker command inside pct exec on the guest’s node, as root', () => {
		expect(renderCommand(containerVerb(on, 'stop', 'nextcloud-app'), true)).toBe(
			'sudo -n pct exec 111 -- docker stop nextcloud-app',
		);
		expect(containerRemove(on, 'sonarr')).toMatchObject({node: 'pve2', root: true});
		expect(renderCommand(stackVerb(on, 'restart', 'media'), false)).toBe(
			'pct exec 111 -- docker compose -p media restart',
		);
		expect(renderCommand(systemPrune(on), false)).toBe('pct exec 111 -- docker system prune -f');
		expect(renderCommand(containerShell(on, 'plex'), false)).toBe('pct exec 111 -- docker exec -it plex sh');
		expect(renderCommand(stackLogStream(on, 'web', 50, true), false)).toBe(
			'pct exec 111 -- docker compose -p web logs --no-color -f -t --tail 50',
		);
	});

	it('quotes the go templates so the shell hands them to docker whole', () => {
		const line = renderCommand(imageInspect(on, 'ghcr.io/wizarrrr/wizarr:latest'), false);
		expect(line).toBe(
			"pct exec 111 -- docker image inspect --format '{{.Id}} {{json .RepoDigests}}' ghcr.io/wizarrrr/wizarr:latest",
		);
		expect(shellSplit(renderCommand(containerImage(on, 'wizarr'), false))).toEqual([
			'pct',
			'exec',
			'111',
			'--',
			'docker',
			'container',
			'inspect',
			'--format',
			'{{.Image}} {{.Config.Image}} {{.Created}}',
			'wizarr',
		]);
	});

	it('refuses names and images that could carry shell syntax, naming the field', () => {
		expect(() => containerVerb(on, 'restart', 'x; reboot')).toThrow(/container name/);
		expect(() => stackVerb(on, 'stop', '$(id)')).toThrow(/container name/);
		expect(() => imageInspect(on, "nginx'; rm -rf /")).toThrow(/image/);
		expect(() => containerShell({vmid: 111, node: 'pve2; id'}, 'plex')).toThrow(/node/);
	});
});

describe('what the stack update reads', () => {
	it('reads the image id and repo digest, and a garbled line as nothing', () => {
		const id = `sha256:${'a'.repeat(64)}`;
		expect(parseImageLine(`${id} ["ghcr.io/x/y@sha256:${'b'.repeat(64)}"]`)).toEqual({
			id,
			digest: `sha256:${'b'.repeat(64)}`,
		});
		expect(parseImageLine(`${id} []`)).toEqual({id});
		expect(parseImageLine('Error: No such image')).toBeNull();
	});

	it('judges health from compose ps: unhealthy fails, starting waits, garbage waits', () => {
		const row = (name: string, state: string, health: string) =>
			JSON.stringify({Name: name, Service: name, State: state, Health: health, Publishers: null});
		expect(stackHealth([row('a', 'running', 'healthy'), row('b', 'running', '')].join('\n'))).toEqual({
			state: 'ok',
			detail: 'a, b running, 1 healthy by a healthcheck',
		});
		// The update judges only what it recreated.
		expect(
			stackHealth([row('a', 'running', 'healthy'), row('b', 'restarting', '')].join('\n'), new Set(['a'])).state,
		).toBe('ok');
		expect(stackHealth(row('a', 'running', 'starting')).state).toBe('waiting');
		expect(stackHealth([row('a', 'running', 'unhealthy'), row('b', 'restarting', '')].join('\n'))).toEqual({
			state: 'failed',
			detail: 'a is unhealthy, b is restarting',
		});
		expect(stackHealth('}{ not json').state).toBe('waiting');
	});
});

describe('a stack’s merged logs', () => {
	it('takes the container from compose’s prefix, and the time from the docker timestamp after it', () => {
		expect(parseComposeLogLine('wizarr     | 2025-06-01T12:00:01.5Z POST /api 200', 'stdout')).toEqual({
			unit: 'wizarr',
			time: Date.parse('2025-06-01T12:00:01.500Z'),
			message: 'POST /api 200',
		});
		// A line without the prefix (compose's own notice) is kept whole.
		expect(parseComposeLogLine('no configuration file provided', 'stderr')).toMatchObject({
			message: 'no configuration file provided',
		});
		expect(parseComposeLogLine('no configuration file provided', 'stderr').unit).toBeUndefined();
	});

	it('gives a container the same colour on every line, and different containers different ones', () => {
		const names = ['overseerr', 'wizarr', 'organizr', 'homepage'];
		expect(names.map(containerColor)).toEqual(names.map(containerColor));
		expect(new Set(['plex', 'sonarr', 'radarr', 'prowlarr', 'qbittorrent'].map(containerColor)).size).toBeGreaterThan(
			1,
		);
	});
});
