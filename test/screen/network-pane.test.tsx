import {describe, it, expect, afterEach} from 'vitest';
import {renderApp, type Harness} from './harness.js';
import {loadedStore} from './setup.js';

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
		const frame = await harness.waitFor((f) => f.includes('3 Network / VPN'));
		expect(line(frame, 'vmbr0  ')).toMatch(
			/vmbr0\s+UP\s+192\.168\.0\.10\/24\s+10 guest NICs\s+routes: default via 192\.168\.0\.1, 192\.168\.0\.0\/24/,
		);
		expect(line(frame, ' grafana ')).toMatch(
			/110 grafana\s+running\s+net0\/eth0\s+192\.168\.0\.243\/24\s+gw 192\.168\.0\.1 vlan 10/,
		);
		expect(line(frame, ' qbittorrent ')).toContain('gw 10.10.10.1 [via VPN]');
	});

	it('warns about the leak and the stale peer first', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 120, rows: 40});
		await harness.press('3', '+');
		const frame = await harness.waitFor((f) => f.includes('3 Network / VPN') && !f.includes('1 Guests'));
		expect(frame).toContain(
			'⚠ LEAK 115 flaresolverr net0 on vmbr1: gateway 10.10.10.254 is not the VPN gateway 10.10.10.1',
		);
		expect(frame).toContain('⚠ STALE wg0 peer HIgo9xNz… last handshake 9 min ago');
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
		expect(line(frame, '203.0.113.9')).toContain('hs 9m ago');
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

	it('w shows only the warnings', async () => {
		const {store} = loadedStore();
		harness = await renderApp(store, {cols: 80, rows: 24});
		await harness.press('3', 'w');
		const frame = await harness.waitFor((f) => f.includes('warnings only'));
		expect(frame).toContain('WARNINGS (2)');
		expect(frame).not.toContain('BRIDGES');
	});
});
