/**
 * Proxmox HA in the refresh and in health: `ha-manager status` is read once per refresh on
 * the connected node; a lost quorum fails, a node whose LRM stopped reporting warns naming
 * the node, an HA resource in `error` or `fence` fails on its guest; a host without HA (or
 * without ha-manager) shows nothing about HA, never an error.
 */
import {describe, expect, it} from 'vitest';
import {createCollector} from '../../source/host/collect.js';
import {parseSections} from '../../source/host/parse-sections.js';
import {parseHaStatus} from '../../source/host/parse/ha-status.js';
import {hostSections} from '../../source/host/sections.js';
import type {SectionOutput} from '../../source/host/batch-output.js';
import type {HaStatus} from '../../source/model/snapshot.js';
import {passiveHealth} from '../../source/ops/health/passive.js';
import {SimClock} from '../../source/sim/clock.js';
import {faultControl} from '../../source/sim/faults.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {readFixture} from '../helpers/fixtures.js';
import {guest, snapshot} from './ops-snapshot-fixture.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

const fixture = (file: string): HaStatus => {
	const result = parseHaStatus(readFixture(`ha-status/${file}`));
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
};
const haHealth = (ha: HaStatus | undefined, guests = [guest({vmid: 107, name: 'vaultwarden'})]) =>
	passiveHealth(snapshot({...(ha ? {ha} : {}), guests}), NOW).filter((r) => r.target === 'ha' || r.check === 'ha');

describe('HA health', () => {
	it('warns about the LRM that stopped reporting, naming its node, and passes the rest', () => {
		const results = haHealth(fixture('pve9.2-lrm-old-timestamp-dead-fencing-armed-duresa7.txt'));
		const warn = results.filter((r) => r.state === 'warn');
		expect(warn).toHaveLength(1);
		expect(warn[0]).toMatchObject({target: 'ha', node: 'grey-server', check: 'lrm'});
		expect(warn[0]!.detail).toBe(
			'HA on grey-server stopped reporting (old timestamp - dead?, last Fri Aug 22 23:47:05 2025)',
		);
		expect(warn[0]!.hint).toContain('systemctl restart pve-ha-lrm');
		expect(results.some((r) => r.state === 'fail')).toBe(false);
		expect(results.find((r) => r.target === 'guest:107')).toMatchObject({
			state: 'pass',
			detail: 'vaultwarden (ct:107): HA started on blue-server',
		});
	});

	it('passes the same cluster once every LRM reports again', () => {
		const results = haHealth(fixture('pve9.2-4node-all-lrm-current-fencing-armed-duresa7.txt'));
		expect(results.length).toBeGreaterThan(0);
		expect(results.every((r) => r.state === 'pass')).toBe(true);
	});

	it('fails a lost quorum, and HA resources in error or fence on their guest', () => {
		const ha: HaStatus = {
			quorum: "No quorum on node 'pve'!",
			lrms: [],
			services: [
				{sid: 'ct:107', vmid: 107, node: 'pve2', state: 'error'},
				{sid: 'vm:300', vmid: 300, node: 'pve3', state: 'fence'},
				{sid: 'ct:108', vmid: 108, node: 'pve2', state: 'started'},
			],
		};
		const fails = haHealth(ha).filter((r) => r.state === 'fail');
		expect(fails.map((r) => `${r.target} ${r.check}: ${r.detail}`)).toEqual([
			"ha quorum: ha-manager: No quorum on node 'pve'!",
			'guest:107 ha: vaultwarden (ct:107) is in HA state error on pve2',
			'guest:300 ha: vm:300 waits for pve3 to be fenced',
		]);
		expect(fails[1]!.hint).toContain('ha-manager set ct:107 --state disabled');
	});

	it('says nothing about HA on a host without HA resources, or when HA was not read', () => {
		expect(haHealth({quorum: 'OK', lrms: [], services: []})).toEqual([]);
		expect(haHealth(undefined)).toEqual([]);
	});
});

describe('HA in the refresh', () => {
	it('reads a host without ha-manager as no HA, with no error', () => {
		const sections = hostSections('');
		const outputs = new Map<string, SectionOutput>([
			['ha-status', {stdout: '', stderr: 'bash: line 1: ha-manager: command not found\n', code: 127}],
		]);
		const parsed = parseSections(outputs, sections);
		expect(parsed.ha).toBeUndefined();
		expect(parsed.errors.filter((e) => e.command.startsWith('ha-manager'))).toEqual([]);
	});

	it('reports unreadable ha-manager output as an error of the ha section', () => {
		const outputs = new Map<string, SectionOutput>([['ha-status', {stdout: 'garbage\n', stderr: '', code: 0}]]);
		const errors = parseSections(outputs, hostSections('')).errors.filter((e) => e.section === 'ha');
		expect(errors).toEqual([
			{
				section: 'ha',
				command: 'ha-manager status',
				message: 'expected the first line to be "quorum <status>"',
				exitCode: 0,
			},
		]);
	});

	async function collect(nodes: number, before?: (faults: ReturnType<typeof faultControl>) => void) {
		const clock = new SimClock({start: NOW});
		const state = createHomelab({now: NOW, nodes});
		before?.(
			faultControl(
				() => state,
				() => clock.now(),
			),
		);
		const transport = createSimTransport({state, clock});
		return createCollector(transport, {context: 'homelab', now: () => clock.now()}).collect();
	}

	it('the single-node demo has no HA: quorum only, no HA guest, no HA health', async () => {
		const snap = await collect(1);
		expect(snap.ha).toEqual({quorum: 'OK', lrms: [], services: []});
		expect(snap.guests.some((g) => g.ha !== undefined)).toBe(false);
		expect(snap.errors).toEqual([]);
		expect(passiveHealth(snap, NOW).filter((r) => r.target === 'ha' || r.check === 'ha')).toEqual([]);
	});

	it('the cluster demo has its reverse proxy as an HA resource, and a node taken down warns', async () => {
		const snap = await collect(3);
		expect(snap.guests.filter((g) => g.ha).map((g) => `${g.vmid}:${g.ha}@${g.node}`)).toEqual(['100:started@pve2']);
		expect(snap.ha?.lrms.map((l) => `${l.node}:${l.state}`)).toEqual(['pve:idle', 'pve2:active', 'pve3:idle']);
		expect(passiveHealth(snap, NOW).filter((r) => r.target === 'ha' && r.state !== 'pass')).toEqual([]);

		const down = await collect(3, (faults) => faults.nodeDown('pve3'));
		const warn = passiveHealth(down, NOW).filter((r) => r.target === 'ha' && r.state === 'warn');
		expect(warn.map((r) => r.node)).toEqual(['pve3']);
	});
});
