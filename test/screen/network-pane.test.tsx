import {describe, it, expect, afterEach} from 'vitest';
import {passiveHealth} from '../../source/ops/health/passive.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import type {AppStore} from '../../source/store/types.js';
import {renderApp, type Harness} from './harness.js';
import {loadedStore} from './setup.js';
import {simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('network / VPN pane', () => {
	it('lists bridges with addresses and routes, and the guests on each with IP, gateway and VLAN', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('3', '+');
		await harness.waitFor((f) => line(f, 'LEAK 115').includes('›'), 'the pane, on its first warning');
		// Down past the second warning to vmbr0, then unfold its guests.
		await harness.press('j', 'j', 'o');
		const frame = await harness.waitFor((f) => f.includes(' grafana '), "vmbr0's guests");
		expect(line(frame, 'vmbr0  ')).toMatch(
			/vmbr0\s+UP\s+192\.168\.0\.10\/24\s+10 guest NICs\s+routes: default via 192\.168\.0\.1, 192\.168\.0\.0\/24/,
		);
		expect(line(frame, ' grafana ')).toMatch(
			/110 grafana\s+running\s+net0\/eth0\s+192\.168\.0\.243\/24\s+gw 192\.168\.0\.1 vlan 10/,
		);
		// Fold vmbr0 again, and unfold the VPN bridge below it.
		await harness.press('o', 'j', 'o');
		const vpnSide = await harness.waitFor((f) => f.includes(' qbittorrent '), "vmbr1's guests");
		expect(vpnSide).not.toContain(' grafana ');
		expect(line(vpnSide, ' qbittorrent ')).toContain('gw 10.10.10.1 [via VPN]');
	});

	it('warns about the leak and the stale peer first', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('3', '+');
		const frame = await harness.waitFor((f) => f.includes('3 Network / VPN') && !f.includes('1 Guests'));
		expect(frame).toContain(
			'⚠ LEAK 115 flaresolverr net0 on vmbr1: gateway 10.10.10.254 is not the VPN gateway 10.10.10.1',
		);
		expect(frame).toContain('⚠ STALE wg0 peer HIgo9xNz 203.0.113.9:51820: last handshake 9m00s ago');
		expect(frame).toContain('2 warnings');
	});

	it("shows each peer's endpoint, handshake age, traffic and allowed IPs, and who egresses through the VPN", async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 160, rows: 60});
		await harness.press('3', '+', 'G');
		const frame = await harness.waitFor((f) => f.includes('egress via wg0'));
		expect(line(frame, 'wg0 in guest')).toMatch(/wg0 in guest 100 wireguard\s+listen :51820\s+2 peers/);
		expect(line(frame, '185.65.135.71')).toMatch(
			/peer xTIBA5rbo… 185\.65\.135\.71:51820\s+hs 45s ago\s+rx\s+3\.2G tx\s+410M\s+allowed 0\.0\.0\.0\/0,::\/0/,
		);
		expect(frame.split('\n').find((l) => /peer \S+ +203\.0\.113\.9\S* +hs/.test(l))).toContain('hs 9m ago');
		expect(frame).toContain('egress via wg0: 107 qbittorrent, 108 prowlarr');
	});

	it('the cursor starts on the first warning, not its heading, and skips headings', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('3', '+');
		let frame = await harness.waitFor((f) => line(f, 'LEAK 115').includes('›'), 'the first warning selected');
		expect(line(frame, 'WARNINGS (2)')).not.toContain('›');
		await harness.press('j', 'j');
		frame = await harness.waitFor((f) => line(f, 'vmbr0 ').includes('›'), 'the first bridge, past BRIDGES');
		expect(line(frame, 'BRIDGES')).not.toContain('›');
	});

	it("shows every bridge and the VPN first, each bridge's guests folded until o unfolds them", async () => {
		// The demo homelab: vmbr0 carries most guests' NICs.
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 30});
		await harness.press('3', '+');
		let frame = await harness.waitFor((f) => f.includes('3 Network / VPN') && !f.includes('1 Guests'), 'the pane');
		const guestNics = lab.store.getState().snapshot!.bridges.find((b) => b.name === 'vmbr0')!.guests.length;
		expect(guestNics).toBeGreaterThan(20);
		expect(line(frame, 'vmbr0 ')).toMatch(new RegExp(`▸ vmbr0 .* ${guestNics} guest NICs`));
		// Every bridge, the tunnels and the routes in a 30-row pane, no guest rows between them.
		for (const bridge of lab.store.getState().snapshot!.bridges) expect(frame).toContain(` ${bridge.name} `);
		expect(frame).toMatch(/VPN \(\d+ tunnels?\)/);
		expect(frame).toContain('ROUTES');
		expect(frame).not.toContain(' swag ');
		// The cursor is on vmbr0 (no warnings in the demo): o unfolds it, o again folds it.
		expect(line(frame, 'vmbr0 ')).toContain('›');
		await harness.press('o');
		frame = await harness.waitFor((f) => f.includes(' swag '), "vmbr0's guests");
		expect(line(frame, 'vmbr0 ')).toContain('▾ vmbr0');
		expect(line(frame, ' swag ')).toMatch(/100 swag\s+running\s+net0/);
		// On a guest's row, h folds its bridge and the cursor goes back to the bridge.
		await harness.press('j', 'j', 'h');
		frame = await harness.waitFor((f) => !f.includes(' swag '), 'vmbr0 folded again');
		expect(line(frame, 'vmbr0 ')).toMatch(/›▸ vmbr0/);
	});

	it('w shows only the warnings', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 80, rows: 24});
		await harness.press('3', 'w');
		const frame = await harness.waitFor((f) => f.includes('warnings only'));
		expect(frame).toContain('WARNINGS (2)');
		expect(frame).not.toContain('BRIDGES');
	});

	/** The pane's warnings, and the network checks health does not pass, for the same snapshot. */
	async function bothSides(store: AppStore): Promise<{pane: string[]; health: string[]}> {
		harness = await renderApp(store, {cols: 160, rows: 60});
		await harness.press('3', '+');
		const frame = await harness.waitFor((f) => f.includes('3 Network / VPN') && !f.includes('1 Guests'), 'the pane');
		harness.unmount();
		harness = null;
		const snapshot = store.getState().snapshot as Snapshot;
		const pane = frame.split('\n').flatMap((l) => /⚠ (.*?)\s*┃$/.exec(l)?.slice(1) ?? []);
		const health = passiveHealth(snapshot, Date.parse(snapshot.takenAt))
			.filter((r) => r.state !== 'pass')
			.filter((r) => /^(vpn|bridge):/.test(r.target) || r.check.startsWith('vpn-leak:'))
			.map((r) => `${r.target} ${r.check}`);
		return {pane, health};
	}

	it('warns about exactly what health reports: a leak, a stale peer, a bridge down; an idle slot is neither', async () => {
		const {store} = loadedStore();
		const sample = store.getState().snapshot!;
		store.getState().setSnapshot({
			...sample,
			bridges: sample.bridges.map((b) => (b.name === 'vmbr2' ? {...b, state: 'DOWN'} : b)),
		});
		const {pane, health} = await bothSides(store);
		expect(health.sort()).toEqual(['bridge:vmbr2 state', 'guest:115 vpn-leak:net0', 'vpn:wg0@100 handshake:HIgo9xNz']);
		expect(pane).toHaveLength(health.length);
		expect(pane.join('\n')).toMatch(/LEAK 115 flaresolverr/);
		expect(pane.join('\n')).toMatch(/STALE wg0 peer HIgo9xNz/);
		expect(pane.join('\n')).toMatch(/DOWN vmbr2 is DOWN/);

		// The demo homelab: its road-warrior slot never connected, and nothing else is wrong.
		const lab = simStore();
		await lab.load();
		let sides = await bothSides(lab.store);
		expect(sides).toEqual({pane: [], health: []});
		// Its provider tunnel goes stale: both sides say so.
		lab.transport.sim.faults.staleHandshake();
		await lab.load();
		sides = await bothSides(lab.store);
		expect(sides.health.length).toBeGreaterThan(0);
		expect(sides.pane).toHaveLength(sides.health.length);
	});
});
