import {describe, expect, it} from 'vitest';
import {parsePveamAvailable, parsePveamList} from '../../source/host/parse/pveam.js';
import type {ParseResult} from '../../source/model/result.js';
import {parseHumanSize, toNumber} from '../../source/host/parse/units.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.message}`);
	return result.value;
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('units', () => {
	it('parseHumanSize reads binary units, suffixes and plain bytes', () => {
		expect(parseHumanSize('629.0M')).toBe(Math.round(629 * MiB));
		expect(parseHumanSize('1.03T')).toBe(Math.round(1.03 * 1024 ** 4));
		expect(parseHumanSize('22.5G')).toBe(22.5 * GiB);
		expect(parseHumanSize('8G')).toBe(8 * GiB);
		expect(parseHumanSize('1.5KiB')).toBe(1536);
		expect(parseHumanSize('219.95MB')).toBe(Math.round(219.95 * MiB));
		expect(parseHumanSize('4096')).toBe(4096);
		expect(parseHumanSize('0B')).toBe(0);
		expect(parseHumanSize('2P')).toBe(2 * 1024 ** 5);
		for (const bad of ['', '-', 'N/A', 'G', '1.2.3G', '12X', '-5G']) expect(parseHumanSize(bad)).toBeNull();
	});

	it('toNumber accepts numbers and numeric strings only', () => {
		expect(toNumber(106)).toBe(106);
		expect(toNumber('106')).toBe(106);
		expect(toNumber(' 2.5 ')).toBe(2.5);
		for (const bad of ['', 'abc', '12abc', null, undefined, {}, Number.NaN, Infinity, '0x10'])
			expect(toNumber(bad)).toBeNull();
	});
});

describe('pveam', () => {
	it('pveam available --section system', () => {
		const rows = value(parsePveamAvailable(readFixture('pveam/available-section-system-pvedocs.txt')));
		expect(rows).toHaveLength(18);
		expect(rows[0]).toEqual({section: 'system', template: 'alpine-3.12-default_20200823_amd64.tar.xz'});
		expect(rows.some((row) => row.template === 'debian-10-standard_10.7-1_amd64.tar.gz')).toBe(true);
	});

	it('pveam list local', () => {
		expect(value(parsePveamList(readFixture('pveam/list-local-pvedocs.txt')))).toEqual([
			{
				volid: 'local:vztmpl/debian-10.0-standard_10.0-1_amd64.tar.gz',
				file: 'debian-10.0-standard_10.0-1_amd64.tar.gz',
				size: Math.round(219.95 * MiB),
			},
		]);
		expect(value(parsePveamList('NAME                                                         SIZE\n'))).toEqual([]);
	});
});

const TABLE_PARSERS: Record<string, (file: string, text: string) => ParseResult<unknown>> = {
	pveam: (file, text) => (file.startsWith('list') ? parsePveamList(text) : parsePveamAvailable(text)),
};

describe('every table fixture parses', () => {
	for (const [folder, parse] of Object.entries(TABLE_PARSERS)) {
		for (const file of listFixtures(folder)) {
			it(`${folder}/${file}`, () => {
				const result = parse(file, readFixture(`${folder}/${file}`));
				expect(result.ok).toBe(true);
				// Only the deliberately truncated fixture may warn.
				if (result.ok && !file.includes('TRUNCATED')) expect(result.warnings).toBeUndefined();
				if (result.ok && Array.isArray(result.value)) expect(result.value.length).toBeGreaterThan(0);
			});
		}
	}
});

describe('table parsers on garbage', () => {
	const garbage = [
		'\x00\x9f\xff\x01binary\x02',
		'<html><head><title>502 Bad Gateway</title></head></html>',
		'[{"vmid": 1',
	];
	const cases: [string, (text: string) => ParseResult<unknown>][] = [
		['pveam list', parsePveamList],
		['pveam available', parsePveamAvailable],
	];
	for (const [command, parse] of cases) {
		it(`${command} fails with its name`, () => {
			for (const text of garbage) {
				const result = parse(text);
				expect(result.ok ? 'ok' : result.error.command).toBe(command);
			}
			const empty = parse('');
			expect(empty.ok ? 'ok' : empty.error.command).toBe(command);
		});
	}
});
