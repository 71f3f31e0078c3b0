import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {renderBatch, type BatchSection} from '../../source/host/batch.js';
import {BatchOutputSplitter, PACED_SECTION_BYTES, splitBatchOutput} from '../../source/host/batch-output.js';
import {OUTPUT_CAP_BYTES} from '../../source/transport/output-cap.js';

/** Runs a batch script with the real /bin/sh, as a host would over SSH. */
function runSh(script: string): {stdout: string; stderr: string} {
	try {
		const stdout = execFileSync('sh', ['-c', script], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		return {stdout, stderr: ''};
	} catch (error) {
		const e = error as {stdout: string; stderr: string};
		return {stdout: e.stdout, stderr: e.stderr};
	}
}

describe('batch framing with a real shell', () => {
	it("keeps each section's stdout, stderr and exit code apart", async () => {
		const sections: BatchSection[] = [
			{id: 'ok', argv: ['printf', 'one\\ntwo\\n']},
			{id: 'no-newline', argv: ['printf', 'tail']},
			{id: 'fails', argv: ['sh', '-c', 'echo partial; echo boom >&2; exit 3']},
			{id: 'empty', argv: ['true']},
		];
		const {spawnSync} = await import('node:child_process');
		const batch = renderBatch(sections);
		const run = spawnSync('sh', ['-c', batch.script], {encoding: 'utf8'});
		const out = splitBatchOutput(run.stdout, run.stderr, batch.marker);
		expect(out.get('ok')).toEqual({stdout: 'one\ntwo\n', stderr: '', code: 0});
		expect(out.get('no-newline')).toEqual({stdout: 'tail', stderr: '', code: 0});
		expect(out.get('fails')).toEqual({stdout: 'partial\n', stderr: 'boom\n', code: 3});
		expect(out.get('empty')).toEqual({stdout: '', stderr: '', code: 0});
	});

	it('marks a section that never finished with a null code and keeps what it printed', () => {
		const batch = renderBatch([{id: 'cut', argv: ['sh', '-c', 'echo half; kill -9 $PPID']}]);
		const {stdout} = runSh(batch.script);
		const out = splitBatchOutput(stdout, '', batch.marker);
		expect(out.get('cut')?.code).toBeNull();
		expect(out.get('cut')?.stdout).toContain('half');
	});

	it('ignores login noise before the first section', () => {
		const batch = renderBatch([{id: 'a', argv: ['echo', 'x']}]);
		const {stdout} = runSh(`echo "Welcome to pve"; ${batch.script}`);
		expect(splitBatchOutput(stdout, 'motd noise\n', batch.marker).get('a')).toEqual({
			stdout: 'x\n',
			stderr: '',
			code: 0,
		});
	});

	it('keeps what a batch that never began said on stderr (an ssh hop that failed), capped, and no section', async () => {
		const batch = renderBatch([{id: 'a', argv: ['echo', 'x']}]);
		// What the cluster's ssh prints when the other node refuses, before any script runs.
		const {stdout, stderr} = runSh(
			'echo "ssh: connect to host 192.168.0.21 port 22: Connection refused" >&2; exit 255',
		);
		const splitter = new BatchOutputSplitter(batch.marker);
		splitter.stdout(Buffer.from(stdout));
		splitter.stderr(Buffer.from(stderr));
		expect(splitter.result().size).toBe(0);
		expect(splitter.unframedStderr()).toBe('ssh: connect to host 192.168.0.21 port 22: Connection refused\n');
		const flood = new BatchOutputSplitter(batch.marker);
		flood.stderr(Buffer.from('x'.repeat(100_000)));
		expect(flood.unframedStderr().length).toBe(4096);
		// Once a section began, stderr belongs to it, not to the reason.
		const {spawnSync} = await import('node:child_process');
		const ran = spawnSync('sh', ['-c', `echo "motd" >&2; ${batch.script}`], {encoding: 'utf8'});
		const framed = new BatchOutputSplitter(batch.marker);
		framed.stdout(Buffer.from(ran.stdout));
		framed.stderr(Buffer.from(ran.stderr));
		expect(framed.result().get('a')?.stdout).toBe('x\n');
		expect(framed.unframedStderr()).toBe('motd\n');
	});

	it('wraps root commands in sudo -n and slow ones in timeout', () => {
		const {script} = renderBatch(
			[{id: 'r', argv: ['pvesh', 'get', '/cluster/resources'], root: true, timeoutSec: 15}],
			{sudo: true},
		);
		expect(script).toContain('timeout -k 2 15 sudo -n pvesh get /cluster/resources');
	});

	it("reports a command that timed out with coreutils' exit code 124", async () => {
		const {spawnSync} = await import('node:child_process');
		const batch = renderBatch([
			{id: 'slow', argv: ['sleep', '5'], timeoutSec: 1},
			{id: 'after', argv: ['echo', 'still here']},
		]);
		const run = spawnSync('sh', ['-c', batch.script], {encoding: 'utf8'});
		const out = splitBatchOutput(run.stdout, run.stderr, batch.marker);
		expect(out.get('slow')?.code).toBe(124);
		expect(out.get('after')).toEqual({stdout: 'still here\n', stderr: '', code: 0});
	});

	it("a command that prints marker lines, old-style or with another batch's marker, cannot end its section or fake another", async () => {
		const {spawnSync} = await import('node:child_process');
		const earlier = renderBatch([{id: 'x', argv: ['true']}]).marker;
		const forged = (marker: string): string =>
			`\x1ePD${marker} E guest 0\n\x1ePD${marker} B pools\nforged 1%\n\x1ePD${marker} E pools 0\n\x1ePD${marker} B guest\n`;
		const printed = `real line\n${forged('')}${forged(earlier)}${forged('0'.repeat(32))}`;
		const batch = renderBatch([
			{id: 'pools', argv: ['echo', 'pool 84%']},
			{id: 'guest', argv: ['sh', '-c', 'printf "%s" "$1"; printf "%s" "$1" >&2', 'sh', printed]},
			{id: 'after', argv: ['echo', 'still here']},
		]);
		expect(batch.marker).not.toBe(earlier);
		const run = spawnSync('sh', ['-c', batch.script], {encoding: 'utf8'});
		const out = splitBatchOutput(run.stdout, run.stderr, batch.marker);
		expect(out.get('pools')).toEqual({stdout: 'pool 84%\n', stderr: '', code: 0});
		// The guest's text stays its own section's text, every byte of it.
		expect(out.get('guest')).toEqual({stdout: printed, stderr: printed, code: 0});
		expect(out.get('after')).toEqual({stdout: 'still here\n', stderr: '', code: 0});
		expect([...out.keys()]).toEqual(['pools', 'guest', 'after']);
	});

	it('lets a section given a larger cap keep more than the others (the cluster list at 30,000 guests)', () => {
		const batch = renderBatch([
			{id: 'resources', argv: ['sh', '-c', 'printf "%0200d" 0']},
			{id: 'guest', argv: ['sh', '-c', 'printf "%0200d" 0']},
		]);
		const run = runSh(batch.script);
		const splitter = new BatchOutputSplitter(batch.marker, null, 100, new Map([['resources', 1000]]));
		splitter.stdout(Buffer.from(run.stdout));
		const out = splitter.result();
		expect(out.get('resources')).toEqual({stdout: '0'.repeat(200), stderr: '', code: 0});
		expect(out.get('guest')?.cut).toEqual({printed: 200, limit: 100});
		expect(out.get('guest')?.stdout).toBe('0'.repeat(100));
	});

	it('reads a large section the same whatever its chunks, characters split between them included', () => {
		const text = '[{"name":"caf\u00e9 \u2713 \u{1f680}"}]\n'.repeat(40);
		const batch = renderBatch([
			{id: 'resources', argv: ['printf', '%s', text]},
			{id: 'after', argv: ['echo', 'x']},
		]);
		const bytes = Buffer.from(runSh(batch.script).stdout);
		for (const size of [1, 2, 3, 7, 64, bytes.length]) {
			const splitter = new BatchOutputSplitter(batch.marker, null, 100, new Map([['resources', 100_000]]));
			for (let at = 0; at < bytes.length; at += size) splitter.stdout(bytes.subarray(at, at + size));
			const out = splitter.result();
			// The script's own newline before the end marker is not the section's.
			expect(out.get('resources'), `chunks of ${size}`).toEqual({stdout: text, stderr: '', code: 0});
			expect(out.get('after')).toEqual({stdout: 'x\n', stderr: '', code: 0});
		}
	});

	it('gives a large section its copy and its decode a turn each, and the same sections as read at once', async () => {
		const large = 'x'.repeat(PACED_SECTION_BYTES) + '\u2713\n';
		const batch = renderBatch([
			{
				id: 'resources',
				argv: ['sh', '-c', `head -c ${PACED_SECTION_BYTES} /dev/zero | tr '\\0' x; printf '\\342\\234\\223\\n'`],
			},
			{id: 'small', argv: ['echo', 'x']},
		]);
		const bytes = Buffer.from(runSh(batch.script).stdout);
		const split = (): BatchOutputSplitter => {
			const splitter = new BatchOutputSplitter(batch.marker, null, 100, new Map([['resources', 1_000_000]]));
			for (let at = 0; at < bytes.length; at += 32 * 1024) splitter.stdout(bytes.subarray(at, at + 32 * 1024));
			return splitter;
		};
		const events: string[] = [];
		const known = (id: string) => {
			events.push(`read ${id}`);
			return undefined;
		};
		const paced = await split().resultPaced(known, async () => {
			events.push('turn');
		});
		expect(events).toEqual(['read resources', 'turn', 'turn', 'read small']);
		expect(paced).toEqual(split().result(() => undefined));
		expect(paced.get('resources')?.stdout).toBe(large);
	});

	it('runs background sections beside each other and the rest, and prints them framed at the end, codes kept', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pd-meet-'));
		// Each one waits for a sign the other is running: in turn, the first would wait in vain.
		const meet = (mine: string, theirs: string): string =>
			`touch ${dir}/${mine}; until [ -e ${dir}/${theirs} ]; do sleep 0.02; done`;
		try {
			const batch = renderBatch([
				{id: 'first', argv: ['sh', '-c', `${meet('fg', 'a')}; echo first`], timeoutSec: 5},
				{
					id: 'slow-a',
					argv: ['sh', '-c', `${meet('a', 'b')}; echo a; echo warn-a >&2; exit 3`],
					background: true,
					timeoutSec: 5,
				},
				{id: 'slow-b', argv: ['sh', '-c', `${meet('b', 'a')}; printf b`], background: true, timeoutSec: 5},
				{id: 'last', argv: ['echo', 'last']},
			]);
			const lines = batch.script.split('\n');
			const at = (text: string): number => lines.findIndex((l) => l.includes(text));
			expect(at('pd_spawn slow-a')).toBeLessThan(at('echo first'));
			expect(at('pd_reap slow-b')).toBeGreaterThan(at('echo last'));
			const run = spawnSync('sh', ['-c', batch.script], {encoding: 'utf8'});
			const out = splitBatchOutput(run.stdout, run.stderr, batch.marker);
			expect(out.get('first')).toEqual({stdout: 'first\n', stderr: '', code: 0});
			expect(out.get('slow-a')).toEqual({stdout: 'a\n', stderr: 'warn-a\n', code: 3});
			expect(out.get('slow-b')).toEqual({stdout: 'b', stderr: '', code: 0});
			expect(out.get('last')).toEqual({stdout: 'last\n', stderr: '', code: 0});
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('a background section that hangs is stopped by its timeout; the rest of the batch arrives and nothing is left behind', () => {
		const tmp = mkdtempSync(join(tmpdir(), 'pd-batch-'));
		try {
			const batch = renderBatch([
				{id: 'hangs', argv: ['sleep', '30'], background: true, timeoutSec: 1},
				{id: 'quick', argv: ['sh', '-c', 'echo done'], background: true, timeoutSec: 10},
				{id: 'fg', argv: ['echo', 'still here']},
			]);
			const run = spawnSync('sh', ['-c', batch.script], {encoding: 'utf8', env: {...process.env, TMPDIR: tmp}});
			const out = splitBatchOutput(run.stdout, run.stderr, batch.marker);
			expect(out.get('hangs')?.code).toBe(124);
			expect(out.get('quick')).toEqual({stdout: 'done\n', stderr: '', code: 0});
			expect(out.get('fg')).toEqual({stdout: 'still here\n', stderr: '', code: 0});
			// The private directory the outputs waited in is gone with the script.
			expect(readdirSync(tmp)).toEqual([]);
		} finally {
			rmSync(tmp, {recursive: true, force: true});
		}
	});

	it('a background section cannot steer the framing with forged markers, and its flood is cut at the cap', () => {
		const earlier = renderBatch([{id: 'x', argv: ['true']}]).marker;
		const forged = `\x1ePD${earlier} E guest 0\n\x1ePD${earlier} B pools\nforged 1%\n`;
		const batch = renderBatch([
			{id: 'pools', argv: ['echo', 'pool 84%']},
			{id: 'guest', argv: ['sh', '-c', 'printf "%s" "$1"; printf "%s" "$1" >&2', 'sh', forged], background: true},
			{id: 'flood', argv: ['sh', '-c', 'yes flood; echo never'], background: true},
			{id: 'after', argv: ['echo', 'still here']},
		]);
		const run = spawnSync('sh', ['-c', batch.script], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
		const out = splitBatchOutput(run.stdout, run.stderr, batch.marker);
		expect(out.get('pools')).toEqual({stdout: 'pool 84%\n', stderr: '', code: 0});
		expect(out.get('guest')).toEqual({stdout: forged, stderr: forged, code: 0});
		expect(out.get('after')).toEqual({stdout: 'still here\n', stderr: '', code: 0});
		// `yes` never ends by itself: the cap on what it may write ended it, and the section reads as cut.
		expect(out.get('flood')?.cut).toEqual({printed: OUTPUT_CAP_BYTES + 1, limit: OUTPUT_CAP_BYTES});
		expect(out.get('flood')?.stdout.length).toBe(OUTPUT_CAP_BYTES);
		expect([...out.keys()].sort()).toEqual(['after', 'flood', 'guest', 'pools']);
	});

	it('refuses duplicate or malformed section ids', () => {
		expect(() =>
			renderBatch([
				{id: 'a', argv: ['true']},
				{id: 'a', argv: ['true']},
			]),
		).toThrow(/duplicate/);
		expect(() => renderBatch([{id: 'A;rm', argv: ['true']}])).toThrow(/bad batch section id/);
	});
});
