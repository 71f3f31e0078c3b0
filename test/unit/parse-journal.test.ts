import {describe, expect, it} from 'vitest';
import {
	parseDockerLogLine,
	parseJournalJson,
	parseJournalLine,
	parseJournalShortIso,
} from '../../source/host/parse/journal.js';
import type {ParseResult} from '../../source/model/result.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}

describe('journalctl fixtures', () => {
	it('the folder holds exactly the four samples tested below', () => {
		expect(listFixtures('journalctl')).toEqual([
			'json-modern-compact-fedora-runtime-scope-ddmicroagent.jsonl',
			'json-oldformat-nginx-systemd218-digitalocean.jsonl',
			'json-oldformat-output-fields-faasd.jsonl',
			'short-iso-pre-v255-plus0200-systemd29134.txt',
		]);
	});

	it('every file parses ok into lines with a time and a message', () => {
		for (const file of listFixtures('journalctl')) {
			const text = readFixture(`journalctl/${file}`);
			const lines = value(file.endsWith('.jsonl') ? parseJournalJson(text) : parseJournalShortIso(text));
			expect(lines.length, file).toBeGreaterThan(0);
			expect(
				lines.every((line) => typeof line.time === 'number' && line.message !== ''),
				file,
			).toBe(true);
		}
	});
});

describe('parseJournalJson', () => {
	it('reads the modern compact Fedora entry: time, priority, the unit PID 1 spoke about', () => {
		expect(
			value(parseJournalJson(readFixture('journalctl/json-modern-compact-fedora-runtime-scope-ddmicroagent.jsonl'))),
		).toEqual([
			{
				time: 1782840698615,
				priority: 6,
				unit: 'setroubleshootd.service',
				pid: 1,
				hostname: 'iron.9fans.fr',
				message: 'setroubleshootd.service: Deactivated successfully.',
			},
		]);
	});

	it('reads the old `{ "k" : "v" }` spacing (systemd 218, nginx)', () => {
		const [line] = value(
			parseJournalJson(readFixture('journalctl/json-oldformat-nginx-systemd218-digitalocean.jsonl')),
		);
		expect(line).toEqual({
			time: 1422990364739,
			priority: 6,
			unit: 'nginx.service',
			pid: 1,
			hostname: 'desktop',
			message: 'Starting A high performance web server and a reverse proxy server...',
		});
		expect(new Date(line!.time!).toISOString()).toBe('2015-02-03T19:06:04.739Z');
	});

	it('reads limited --output-fields: identifier as unit, no priority, no hostname', () => {
		expect(value(parseJournalJson(readFixture('journalctl/json-oldformat-output-fields-faasd.jsonl')))).toEqual([
			{
				time: 1583353899094,
				unit: 'openfaas-fn:nodeinfo',
				pid: 2254,
				message: '2020/03/04 20:31:39 POST / - 200 OK - ContentLength: 83',
			},
		]);
	});

	it('decodes MESSAGE given as a byte array (UTF-8), and null as an empty message', () => {
		const bytes = [...new TextEncoder().encode('temp \u00b0C\u001b[0m')];
		const text = [
			JSON.stringify({
				__REALTIME_TIMESTAMP: '1700000000123456',
				PRIORITY: '3',
				_SYSTEMD_UNIT: 'pveproxy.service',
				MESSAGE: bytes,
			}),
			JSON.stringify({__REALTIME_TIMESTAMP: '1700000001000000', SYSLOG_IDENTIFIER: 'kernel', MESSAGE: null}),
		].join('\n');
		expect(value(parseJournalJson(text))).toEqual([
			{time: 1700000000123, priority: 3, unit: 'pveproxy.service', message: 'temp \u00b0C\u001b[0m'},
			{time: 1700000001000, unit: 'kernel', message: ''},
		]);
	});

	it('skips bad lines with a warning; fails only when every line is bad', () => {
		const good = readFixture('journalctl/json-oldformat-output-fields-faasd.jsonl').trim();
		const mixed = parseJournalJson(`${good}\nnot json at all\n{"truncated":\n${good}\n`);
		expect(mixed.ok).toBe(true);
		if (mixed.ok) {
			expect(mixed.value).toHaveLength(2);
			expect(mixed.warnings).toEqual(['line 2 is not a log entry', 'line 3 is not a log entry']);
		}
		expect(parseJournalJson('garbage\nmore garbage\n')).toMatchObject({
			ok: false,
			error: {kind: 'parse-error', command: 'journalctl -o json'},
		});
	});

	it('reads an empty output (no entry matched) and journalctl markers as no lines', () => {
		expect(value(parseJournalJson(''))).toEqual([]);
		expect(value(parseJournalJson('-- No entries --\n'))).toEqual([]);
	});

	it('never throws on random bytes or on any prefix of a fixture', () => {
		const bytes = new Uint8Array(3000).map((_, index) => (index * 151 + 17) % 256);
		expect(parseJournalJson(new TextDecoder().decode(bytes)).ok).toBe(false);
		for (const file of listFixtures('journalctl')) {
			const text = readFixture(`journalctl/${file}`);
			for (let at = 1; at < text.trimEnd().length; at += 13) {
				const result = file.endsWith('.jsonl')
					? parseJournalJson(text.slice(0, at))
					: parseJournalShortIso(text.slice(0, at));
				expect(typeof result.ok).toBe('boolean');
				// A JSON line cut short is never a half-entry.
				if (file.endsWith('.jsonl')) expect(result.ok).toBe(false);
			}
		}
	});
});

describe('parseJournalLine (streaming)', () => {
	it('parses one line and returns null for anything else, without throwing', () => {
		const line = readFixture('journalctl/json-oldformat-nginx-systemd218-digitalocean.jsonl').trim();
		expect(parseJournalLine(line)?.unit).toBe('nginx.service');
		for (const bad of ['', '{', '[]', '"x"', '{"foo":1}', 'Failed to open journal', line.slice(0, 100)])
			expect(parseJournalLine(bad)).toBeNull();
	});
});

describe('parseJournalShortIso', () => {
	it('reads the +0200 offsets (systemd < 255) into the right instant', () => {
		const lines = value(parseJournalShortIso(readFixture('journalctl/short-iso-pre-v255-plus0200-systemd29134.txt')));
		expect(lines).toHaveLength(10);
		expect(lines[0]).toEqual({
			time: Date.UTC(2023, 8, 8, 15, 20, 30),
			unit: 'r710_fan_controller.sh',
			pid: 20911,
			hostname: 'tarta',
			message: 'Highest drive temperature: 43 Celcius.',
		});
		expect(lines[4]?.message).toBe('Changing to fan level 3.');
	});

	it('reads the +02:00 form (systemd >= 255) and a kernel line without pid', () => {
		expect(
			value(
				parseJournalShortIso(
					'2024-01-02T03:04:05+02:00 pve kernel: vmbr0: port 2(tap100i0) entered forwarding state\n',
				),
			),
		).toEqual([
			{
				time: Date.UTC(2024, 0, 2, 1, 4, 5),
				unit: 'kernel',
				hostname: 'pve',
				message: 'vmbr0: port 2(tap100i0) entered forwarding state',
			},
		]);
	});

	it('fails on text that is not short-iso', () => {
		expect(parseJournalShortIso('hello\nworld\n')).toMatchObject({
			ok: false,
			error: {command: 'journalctl -o short-iso'},
		});
	});
});

describe('parseDockerLogLine', () => {
	it('splits the RFC3339Nano prefix from the message', () => {
		expect(parseDockerLogLine('2023-12-06T20:53:23.123456789Z GET /health 200\n')).toEqual({
			time: Date.UTC(2023, 11, 6, 20, 53, 23, 123),
			message: 'GET /health 200',
		});
		expect(parseDockerLogLine('2024-03-01T10:00:00.5+01:00 started')).toEqual({
			time: Date.UTC(2024, 2, 1, 9, 0, 0, 500),
			message: 'started',
		});
	});

	it('keeps a line without a timestamp whole', () => {
		expect(parseDockerLogLine('plain output line\r\n')).toEqual({time: null, message: 'plain output line'});
		expect(parseDockerLogLine('')).toEqual({time: null, message: ''});
	});
});
