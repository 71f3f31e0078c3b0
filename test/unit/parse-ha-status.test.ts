/**
 * `ha-manager status` on the three real outputs (a PVE 9.2 cluster with one LRM that stopped
 * reporting, the same cluster after the fix, and the pve-docs example), on the quorum-only
 * answer of a node where HA was never used, and on garbage.
 */
import {describe, expect, it} from 'vitest';
import {parseHaStatus} from '../../source/host/parse/ha-status.js';
import {readFixture} from '../helpers/fixtures.js';

const value = <T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T => {
	if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
	return r.value;
};
const read = (file: string) => value(parseHaStatus(readFixture(`ha-status/${file}`)));

describe('parseHaStatus', () => {
	it('reads a dead LRM with its old timestamp, the watchdogs and the fencing line (PVE 9.2)', () => {
		const ha = read('pve9.2-lrm-old-timestamp-dead-fencing-armed-duresa7.txt');
		expect(ha.quorum).toBe('OK');
		expect(ha.master).toEqual({node: 'purple-server', state: 'active', time: 'Wed Jul 22 02:21:48 2026'});
		expect(ha.fencing).toBe('armed (CRM watchdog active)');
		expect(ha.lrms).toEqual([
			{node: 'blue-server', state: 'active', watchdog: 'active', time: 'Wed Jul 22 02:21:47 2026'},
			{node: 'grey-server', state: 'old timestamp - dead?', watchdog: 'standby', time: 'Fri Aug 22 23:47:05 2025'},
			{node: 'purple-server', state: 'idle', watchdog: 'standby', time: 'Wed Jul 22 02:21:54 2026'},
			{node: 'red-server', state: 'idle', watchdog: 'standby', time: 'Wed Jul 22 02:21:54 2026'},
		]);
		expect(ha.services).toEqual([
			{sid: 'ct:107', vmid: 107, node: 'blue-server', state: 'started'},
			{sid: 'ct:108', vmid: 108, node: 'blue-server', state: 'started'},
		]);
	});

	it('reads the same cluster after the fix: every LRM current', () => {
		const ha = read('pve9.2-4node-all-lrm-current-fencing-armed-duresa7.txt');
		expect(ha.lrms.map((l) => `${l.node}:${l.state}`)).toEqual([
			'blue-server:active',
			'grey-server:idle',
			'purple-server:idle',
			'red-server:idle',
		]);
		expect(ha.lrms.every((l) => l.time?.endsWith('2026'))).toBe(true);
	});

	it('reads the docs example: no fencing line, no watchdog words, ct and vm resources', () => {
		const ha = read('pve-docs-no-fencing-line-ct-stopped-started-vm-pvedocs.txt');
		expect(ha.fencing).toBeUndefined();
		expect(ha.lrms).toEqual([{node: 'elsa', state: 'active', time: 'Mon Nov 21 07:23:22 2016'}]);
		expect(ha.services.map((s) => `${s.sid}@${s.node}=${s.state}`)).toEqual([
			'ct:100@elsa=stopped',
			'ct:102@elsa=started',
			'vm:501@elsa=started',
		]);
		expect(ha.services.map((s) => s.vmid)).toEqual([100, 102, 501]);
	});

	// pve-ha-manager's Status.pm always adds the quorum entry and the master only once the
	// manager status names one: a node where HA was never used prints this line alone.
	it('reads a node without HA resources as quorum only, and a lost quorum as what it says', () => {
		expect(value(parseHaStatus('quorum OK\n'))).toEqual({quorum: 'OK', lrms: [], services: []});
		expect(value(parseHaStatus("quorum No quorum on node 'pve2'!\n")).quorum).toBe("No quorum on node 'pve2'!");
	});

	it('keeps reading past a line it does not know, with a warning', () => {
		const result = parseHaStatus('quorum OK\nsomething new (x)\nservice vm:200 (pve, started)\n');
		expect(result.ok && result.value.services.map((s) => s.sid)).toEqual(['vm:200']);
		expect(result.ok && result.warnings).toEqual(['line 2: unknown line "something new (x)"']);
	});

	it('answers garbage with a typed error naming the command and the line', () => {
		for (const text of ['', '\n\n', '<html>502 Bad Gateway</html>', 'ha-manager: command not found\n']) {
			const result = parseHaStatus(text);
			expect(result.ok).toBe(false);
			if (!result.ok) {
				expect(result.error.command).toBe('ha-manager status');
				expect(result.error.message).toMatch(/quorum/);
			}
		}
		const bad = parseHaStatus('quorum OK\nlrm pve (active\nservice ct:100 (pve, started)\n');
		expect(bad).toMatchObject({ok: false, error: {line: 2, message: expect.stringMatching(/^lrm line is not/)}});
		const sid = parseHaStatus('quorum OK\nservice lxc:100 (pve, started)\n');
		expect(sid).toMatchObject({ok: false, error: {line: 2, message: expect.stringMatching(/^service line/)}});
	});
});
