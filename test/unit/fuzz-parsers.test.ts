/**
 * Every parser, fed arbitrary bytes and the shared real-output fixtures cut short at many
 * points (and with bytes flipped), returns its typed result (a ParseResult: a value, or a
 * parse-error naming the command and why) and never throws. The batch splitter and the
 * section reader are held to the same rule: a host printing garbage costs one section.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {splitBatchOutput, type SectionOutput} from '../../source/host/batch-output.js';
import {hostSections, guestSections} from '../../source/host/sections.js';
import {parseSections} from '../../source/host/parse-sections.js';
import {parseBridgeLink} from '../../source/host/parse/bridge-link.js';
import {parseClusterStatus} from '../../source/host/parse/cluster-status.js';
import {parseConfigsBundle} from '../../source/host/parse/configs-bundle.js';
import {parseHaStatus} from '../../source/host/parse/ha-status.js';
import {parseComposeLs, parseComposePs, parseDockerPs} from '../../source/host/parse/docker.js';
import {parseGuestConfig, parseGuestConfigJson} from '../../source/host/parse/guest-config.js';
import {parseIpAddr, parseIpLink} from '../../source/host/parse/ip-addr.js';
import {parseIpRoute} from '../../source/host/parse/ip-route.js';
import {parseIpRule} from '../../source/host/parse/ip-rule.js';
import {
	parseDockerLogLine,
	parseJournalJson,
	parseJournalLine as parseJournalRecord,
	parseJournalShortIso,
} from '../../source/host/parse/journal.js';
import {classifyProxmoxError} from '../../source/host/parse/proxmox-errors.js';
import {parsePveamAvailable, parsePveamList} from '../../source/host/parse/pveam.js';
import {parsePveshResources} from '../../source/host/parse/pvesh-resources.js';
import type {ParseResult} from '../../source/model/result.js';
import {parseHumanSize} from '../../source/host/parse/units.js';
import {parseVmlist} from '../../source/host/parse/vmlist.js';
import {parseWgDump, parseWgShow} from '../../source/host/parse/wg.js';
import {parseZfsList} from '../../source/host/parse/zfs-list.js';
import {parseZpoolList, parseZpoolListJson} from '../../source/host/parse/zpool-list.js';
import {parseScanText, parseZpoolStatus, parseZpoolStatusJson} from '../../source/host/parse/zpool-status.js';
import {parseDockerLine, parseJournalLine} from '../../source/store/log-lines.js';
import {parseBackupContent, parseBackupJobs, parseBackupName, parsePvesmList} from '../../source/host/parse/backups.js';
import {parseCalendarEvent, parseUtcOffset} from '../../source/host/parse/calendar-event.js';
import {parseSnapshotList, parseSnapshotTree} from '../../source/host/parse/snapshots.js';
import {
	parseTaskIndex,
	parseTaskList,
	parseTaskLog,
	parseTaskStatus,
	parseUpid,
	taskErrorLine,
	vzdumpOutcomes,
} from '../../source/host/parse/tasks.js';
import {FIXTURES_DIR} from '../helpers/fixtures.js';

/** The parsers that answer with a ParseResult. */
const PARSERS: Record<string, (text: string) => ParseResult<unknown>> = {
	parseBridgeLink,
	parseClusterStatus,
	parseConfigsBundle,
	parseDockerPs,
	parseComposeLs,
	parseComposePs,
	parseGuestConfigLxc: (t) => parseGuestConfig(t, 'lxc'),
	parseGuestConfigQemu: (t) => parseGuestConfig(t, 'qemu'),
	parseGuestConfigJson: (t) => parseGuestConfigJson(t, 'lxc'),
	parseIpAddr,
	parseIpLink,
	parseIpRoute,
	parseIpRule,
	parseJournalJson,
	parseJournalShortIso,
	parsePveamList,
	parsePveamAvailable,
	parsePveshResources,
	parseVmlist,
	parseWgDump,
	parseWgShow: (t) => parseWgShow(t, 1_700_000_000),
	parseZfsList,
	parseZpoolList,
	parseZpoolListJson,
	parseZpoolStatus,
	parseZpoolStatusJson,
	parseSnapshotList,
	parseSnapshotTree,
	parseTaskList,
	parseTaskStatus,
	parseTaskLog,
	parseTaskIndex,
	parseBackupJobs,
	parseBackupContent: (t) => parseBackupContent(t, 'nas-backup', 'pve'),
	parsePvesmList,
	parseHaStatus,
};

/** Line parsers and helpers that answer with a value (or null) rather than a ParseResult. */
const LINE_PARSERS: Record<string, (text: string) => unknown> = {
	parseJournalRecord,
	parseDockerLogLine,
	storeJournalLine: parseJournalLine,
	storeDockerLine: (t) => parseDockerLine(t, 'stdout'),
	storeDockerStderr: (t) => parseDockerLine(t, 'stderr'),
	classifyProxmoxError,
	parseHumanSize,
	parseScanText,
	parseUpid,
	parseBackupName,
	parseCalendarEvent,
	parseUtcOffset,
	taskErrorLine: (t) => taskErrorLine(t.split('\n')),
	vzdumpOutcomes: (t) => vzdumpOutcomes(t.split('\n')),
};

function expectTyped(name: string, result: ParseResult<unknown>): void {
	expect(typeof result.ok, name).toBe('boolean');
	if (!result.ok) {
		expect(result.error.kind, name).toBe('parse-error');
		expect(typeof result.error.command, name).toBe('string');
		expect(result.error.message.length, `${name}: an error says why`).toBeGreaterThan(0);
	}
}

function feedAll(text: string, where: string): void {
	for (const [name, parse] of Object.entries(PARSERS)) {
		let result: ParseResult<unknown>;
		try {
			result = parse(text);
		} catch (error) {
			throw new Error(`${name} threw on ${where}: ${(error as Error).stack}`, {cause: error});
		}
		expectTyped(`${name} on ${where}`, result);
	}
	for (const [name, parse] of Object.entries(LINE_PARSERS)) {
		for (const line of [text, ...text.split('\n').slice(0, 50)]) {
			try {
				parse(line);
			} catch (error) {
				throw new Error(`${name} threw on a line of ${where}: ${(error as Error).stack}`, {cause: error});
			}
		}
	}
}

/** Every real output under the fixtures folder (its SOURCES.md is the list of where they came from, not output). */
function fixtureFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		if (name === 'SOURCES.md') return [];
		const path = join(dir, name);
		return statSync(path).isDirectory() ? fixtureFiles(path) : [path];
	});
}

const bytes = fc.uint8Array({maxLength: 400}).map((b) => Buffer.from(b).toString('utf8'));
const shaped = fc.oneof(
	bytes,
	fc.string({unit: 'binary', maxLength: 300}),
	fc.json(),
	fc
		.array(
			fc
				.array(fc.oneof(fc.string({maxLength: 12}), fc.integer().map(String), fc.constant('-')), {maxLength: 9})
				.map((cells) => cells.join('\t')),
			{maxLength: 8},
		)
		.map((rows) => rows.join('\n')),
	fc.constantFrom(
		'',
		'\n',
		'[]',
		'{}',
		'null',
		'[null]',
		'[{}]',
		'{"data":null}',
		'[{"type":"lxc"}]',
		'no pools available',
		'\u0000\ufffd<<garbled>>\u0007{"unterminated": [1, 2,\n',
		'\u001ePD B x\n',
		'\u001ePD0123456789abcdef B x\n\u001ePD0123456789abcdef E x 0\n',
		'\u001ePDFILE /etc/pve/.vmlist\n{',
	),
);

describe('parsers never throw (fast-check and truncated fixtures)', () => {
	it('arbitrary bytes, JSON and tab-separated junk give a typed result from every parser', () => {
		fc.assert(
			fc.property(shaped, (text) => void feedAll(text, JSON.stringify(text).slice(0, 80))),
			{numRuns: 300, seed: 11},
		);
	});

	it('every real fixture cut short anywhere, or with a byte flipped, gives a typed result', () => {
		const files = fixtureFiles(FIXTURES_DIR);
		expect(files.length).toBeGreaterThan(50);
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			const where = relative(FIXTURES_DIR, file);
			const cuts = fc.sample(fc.integer({min: 0, max: text.length}), {numRuns: 6, seed: text.length});
			for (const cut of [...new Set([0, 1, Math.floor(text.length / 2), text.length - 1, ...cuts])])
				feedAll(text.slice(0, Math.max(0, cut)), `${where} cut at ${cut}`);
			const flip = Math.floor(text.length / 3);
			feedAll(text.slice(0, flip) + '\u0000"}]' + text.slice(flip + 1), `${where} with a byte flipped at ${flip}`);
		}
	});

	it('a whole refresh of garbage becomes one error per section, never an exception', () => {
		const sections = [
			...hostSections('100:1'),
			...guestSections({vpnGateway: 116, dockerHosts: [{vmid: 111, runtime: 'docker'}]}),
		];
		fc.assert(
			fc.property(
				fc.array(fc.tuple(shaped, fc.oneof(fc.constant(0), fc.integer({min: -1, max: 255}), fc.constant(null))), {
					minLength: sections.length,
					maxLength: sections.length,
				}),
				(answers) => {
					const outputs = new Map<string, SectionOutput>(
						sections.map((s, i) => [
							s.id,
							{stdout: answers[i]![0], stderr: answers[i]![0].slice(0, 20), code: answers[i]![1]},
						]),
					);
					const parsed = parseSections(outputs, sections);
					for (const error of parsed.errors) {
						expect(error.command.length).toBeGreaterThan(0);
						expect(error.message.length).toBeGreaterThan(0);
					}
				},
			),
			{numRuns: 150, seed: 5},
		);
		fc.assert(
			fc.property(shaped, shaped, (out, err) => void splitBatchOutput(out, err, '0123456789abcdef')),
			{numRuns: 300, seed: 6},
		);
	});
});
