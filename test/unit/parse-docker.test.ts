import {describe, expect, it} from 'vitest';
import {composeCounts, parseComposeLs, parseComposePs, parseDockerPs} from '../../source/host/parse/docker.js';
import type {ParseResult} from '../../source/model/result.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}

const noise = new TextDecoder().decode(new Uint8Array(2000).map((_, index) => (index * 211 + 5) % 256));

describe('docker fixtures', () => {
	it('the folders hold exactly the samples tested below', () => {
		expect(listFixtures('docker-ps')).toEqual([
			'format-json-python38-moby46906-first-line.jsonl',
			'format-json-single-nginx-dockercli-docs.jsonl',
		]);
		expect(listFixtures('docker-compose-ps')).toEqual([
			'format-json-array-pre-v2.21-compose-docs-old.json',
			'format-json-lines-v2.21plus-exited-running-publishers-compose-docs.jsonl',
		]);
		expect(listFixtures('docker-compose-ls')).toEqual([
			'format-json-compose-cli-cloud-no-configfiles-composecli823.json',
			'table-status-running-count-compose8573.txt',
		]);
	});

	it('every file parses ok into at least one row', () => {
		const parsers: Record<string, (text: string) => ParseResult<unknown[]>> = {
			'docker-ps': parseDockerPs,
			'docker-compose-ps': parseComposePs,
			'docker-compose-ls': parseComposeLs,
		};
		for (const [folder, parse] of Object.entries(parsers)) {
			for (const file of listFixtures(folder))
				expect(value(parse(readFixture(`${folder}/${file}`))).length, file).toBeGreaterThan(0);
		}
	});
});

describe('parseDockerPs', () => {
	it('reads the docker docs nginx line (escaped <> in labels, no compose project)', () => {
		expect(value(parseDockerPs(readFixture('docker-ps/format-json-single-nginx-dockercli-docs.jsonl')))).toEqual([
			{
				id: 'a762a2b37a1d',
				name: 'boring_keldysh',
				image: 'nginx',
				state: 'running',
				status: 'Up 3 seconds',
				ports: '80/tcp',
				runtime: 'docker',
			},
		]);
	});

	it('reads the python38 line', () => {
		expect(value(parseDockerPs(readFixture('docker-ps/format-json-python38-moby46906-first-line.jsonl')))).toEqual([
			{
				id: 'a577b8f2e163',
				name: 'python38',
				image: 'python:3.8',
				state: 'running',
				status: 'Up 37 seconds',
				ports: '',
				runtime: 'docker',
			},
		]);
	});

	it('takes the compose project from the Labels string', () => {
		const line = JSON.stringify({
			ID: '0123456789ab',
			Names: 'immich-server-1',
			Image: 'ghcr.io/immich-app/immich-server:release',
			State: 'running',
			Status: 'Up 3 hours (healthy)',
			Ports: '0.0.0.0:2283->2283/tcp',
			Labels:
				'com.docker.compose.config-hash=abc,com.docker.compose.project=immich,com.docker.compose.service=immich-server',
		});
		expect(value(parseDockerPs(`${line}\n`))[0]).toMatchObject({
			project: 'immich',
			status: 'Up 3 hours (healthy)',
			ports: '0.0.0.0:2283->2283/tcp',
		});
	});

	it('reads podman ps --format json (one array, Names array, Ports objects, Labels object)', () => {
		const podman = JSON.stringify([
			{
				Id: 'f00dfeedbeef00112233445566778899aabbccddeeff00112233445566778899',
				Names: ['paperless-web'],
				Image: 'ghcr.io/paperless-ngx/paperless-ngx:latest',
				State: 'running',
				Status: 'Up 2 days',
				Ports: [{host_ip: '', container_port: 8000, host_port: 8010, range: 1, protocol: 'tcp'}],
				Labels: {'com.docker.compose.project': 'paperless'},
			},
			{
				Id: '1234567890abcdef',
				Names: ['scratch'],
				Image: 'alpine',
				State: 'exited',
				Status: 'Exited (0) 5 minutes ago',
				Ports: null,
				Labels: null,
			},
		]);
		expect(value(parseDockerPs(podman))).toEqual([
			{
				id: 'f00dfeedbeef',
				name: 'paperless-web',
				image: 'ghcr.io/paperless-ngx/paperless-ngx:latest',
				state: 'running',
				status: 'Up 2 days',
				ports: '0.0.0.0:8010->8000/tcp',
				project: 'paperless',
				runtime: 'podman',
			},
			{
				id: '1234567890ab',
				name: 'scratch',
				image: 'alpine',
				state: 'exited',
				status: 'Exited (0) 5 minutes ago',
				ports: '',
				runtime: 'podman',
			},
		]);
	});

	it('reads an empty output as no containers (what docker prints with none)', () => {
		expect(value(parseDockerPs(''))).toEqual([]);
		expect(value(parseDockerPs('[]'))).toEqual([]);
	});

	it('fails on random bytes, an error message, and a cut line; skips a bad line among good ones', () => {
		for (const garbage of [
			noise,
			'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
			readFixture('docker-ps/format-json-python38-moby46906-first-line.jsonl').slice(0, 120),
		]) {
			expect(parseDockerPs(garbage)).toMatchObject({
				ok: false,
				error: {kind: 'parse-error', command: 'docker ps -a --format json'},
			});
		}
		const good = readFixture('docker-ps/format-json-python38-moby46906-first-line.jsonl').trim();
		expect(parseDockerPs(`${good}\n{"ID":\n`)).toMatchObject({ok: true, warnings: ['1 unreadable entries skipped']});
	});
});

describe('parseComposeLs', () => {
	it('reads the table with running(N) counts', () => {
		expect(value(parseComposeLs(readFixture('docker-compose-ls/table-status-running-count-compose8573.txt')))).toEqual([
			{name: 'override', status: 'running(4)', running: 4, total: 4},
			{name: 'rawkode', status: 'running(3)', running: 3, total: 3},
			{name: 'yoyo', status: 'running(3)', running: 3, total: 3},
		]);
	});

	it('reads the old cloud JSON with no ConfigFiles and no counts, warning about the counts', () => {
		const result = parseComposeLs(
			readFixture('docker-compose-ls/format-json-compose-cli-cloud-no-configfiles-composecli823.json'),
		);
		const stacks = value(result);
		expect(stacks.map((stack) => stack.name)).toEqual([
			'e2eTestCompose1602770221964365386',
			'e2eTestCompose1601985767794954638',
			'e2eTestCompose1601985581055863340',
		]);
		expect(stacks[0]).toEqual({name: 'e2eTestCompose1602770221964365386', status: 'Running', running: 0, total: 0});
		expect(result.ok && result.warnings?.length).toBe(3);
	});

	it('reads the modern JSON with mixed status and ConfigFiles, and the table with config files', () => {
		const json = '[{"Name":"media","Status":"exited(1), running(2)","ConfigFiles":"/opt/media/compose.yaml"}]';
		expect(value(parseComposeLs(json))).toEqual([
			{name: 'media', status: 'exited(1), running(2)', running: 2, total: 3, configFiles: '/opt/media/compose.yaml'},
		]);
		const table =
			'NAME      STATUS                    CONFIG FILES\nmedia     exited(1), running(2)     /opt/media/compose.yaml\n';
		expect(value(parseComposeLs(table))).toEqual([
			{name: 'media', status: 'exited(1), running(2)', running: 2, total: 3, configFiles: '/opt/media/compose.yaml'},
		]);
		expect(value(parseComposeLs('[]'))).toEqual([]);
		expect(composeCounts('paused(1), restarting(2), running(5)')).toEqual({running: 5, total: 8});
	});

	it('fails on empty, random bytes, cut JSON and unrelated text', () => {
		const json = readFixture('docker-compose-ls/format-json-compose-cli-cloud-no-configfiles-composecli823.json');
		for (const garbage of ['', noise, json.slice(0, 60), "docker: 'compose' is not a docker command.\n"]) {
			expect(parseComposeLs(garbage)).toMatchObject({
				ok: false,
				error: {kind: 'parse-error', command: 'docker compose ls -a --format json'},
			});
		}
	});
});

describe('parseComposePs', () => {
	const expected = [
		{name: 'example-bar-1', service: 'bar', state: 'exited', publishers: []},
		{
			name: 'example-foo-1',
			service: 'foo',
			state: 'running',
			publishers: [{url: '0.0.0.0', targetPort: 80, publishedPort: 8080, protocol: 'tcp'}],
		},
	];

	it('reads the pre-2.21 JSON array (Publishers null for the exited one)', () => {
		expect(
			value(parseComposePs(readFixture('docker-compose-ps/format-json-array-pre-v2.21-compose-docs-old.json'))),
		).toEqual(expected);
	});

	it('reads the 2.21+ JSON lines to the same rows', () => {
		expect(
			value(
				parseComposePs(
					readFixture('docker-compose-ps/format-json-lines-v2.21plus-exited-running-publishers-compose-docs.jsonl'),
				),
			),
		).toEqual(expected);
	});

	it('keeps a health value', () => {
		const line = '{"Name":"db-1","Service":"db","State":"running","Health":"healthy","Publishers":[]}';
		expect(value(parseComposePs(line))).toEqual([
			{name: 'db-1', service: 'db', state: 'running', health: 'healthy', publishers: []},
		]);
	});

	it('fails on random bytes and a cut array; never throws on any prefix', () => {
		const array = readFixture('docker-compose-ps/format-json-array-pre-v2.21-compose-docs-old.json');
		expect(parseComposePs(noise).ok).toBe(false);
		expect(parseComposePs(array.slice(0, array.length / 2)).ok).toBe(false);
		for (const file of listFixtures('docker-compose-ps')) {
			const text = readFixture(`docker-compose-ps/${file}`);
			for (let at = 1; at < text.length; at += 9) expect(typeof parseComposePs(text.slice(0, at)).ok).toBe('boolean');
		}
	});
});
