/**
 * The console over the simulated 3-node cluster: the ZFS and network panes group their rows
 * by node (a node whose read failed keeps its rows, marked stale with why), and the node
 * picker narrows every pane to one node.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {renderApp, KEYS, type Harness} from './harness.js';
import {simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

const lineOf = (frame: string, text: string): string => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('a 3-node cluster in the console', () => {
	it("shows an HA resource's HA state in its guest detail", async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 40});
		await harness.press('/', 's', 'w', 'a', 'g', KEYS.enter);
		await harness.waitFor((f) => f.includes('/swag/'), 'the filter in the title');
		await harness.press(KEYS.enter);
		const frame = await harness.waitFor((f) => f.includes('Guest 100 swag'));
		expect(lineOf(frame, 'type ')).toMatch(/node pve2\s+onboot yes\s+HA started\s/);
	});

	it('groups the pools by node, each node saying how fresh its rows are', async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 40});
		await harness.press('2', '+');
		const frame = await harness.waitFor((f) => f.includes('── pve3'));
		const lines = frame.split('\n');
		const at = (text: string): number => lines.findIndex((l) => l.includes(text));
		expect(lineOf(frame, '── pve ')).toMatch(/── pve ● online/);
		expect(lineOf(frame, '── pve2')).toMatch(/── pve2 ● online, through ssh/);
		// Each node's pools under its own header, in node order.
		expect(at('── pve ')).toBeLessThan(at('media-pool'));
		expect(at('── pve2')).toBeLessThan(at('tank '));
		expect(at('tank ')).toBeLessThan(at('── pve3'));
		expect(at('── pve3')).toBeLessThan(at('rpool '));
		expect(frame).toContain('5 pools');
	});

	it("never stops the cursor on a node's header: it starts on the first pool and steps over the next node's", async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 40});
		await harness.press('2', '+');
		let frame = await harness.waitFor((f) => f.includes('── pve3'));
		expect(lineOf(frame, 'media-pool ')).toMatch(/^\S›media-pool/);
		// Up from the first pool: the node's header and the section heading above it are not rows to stand on.
		await harness.press('k');
		frame = harness.lastFrame();
		expect(lineOf(frame, 'media-pool ')).toMatch(/›media-pool/);
		expect(lineOf(frame, '── pve ')).not.toContain('›');
		// media-pool, service-pool, staging-pool, then pve2's header, then tank.
		await harness.press('j', 'j', 'j');
		frame = harness.lastFrame();
		expect(lineOf(frame, 'tank ')).toMatch(/›tank/);
		expect(lineOf(frame, '── pve2')).not.toContain('›');
	});

	it("keeps an unreachable node's pools, stale with why, while the others stay fresh", async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		lab.transport.sim.faults.nodeUnreachable('pve2');
		lab.transport.sim.clock.advance(4000);
		await lab.load();
		harness = await renderApp(lab.store, {cols: 160, rows: 40});
		await harness.press('2', '+');
		const frame = await harness.waitFor((f) => f.includes('── pve2'));
		expect(lineOf(frame, '── pve2')).toMatch(
			/── pve2 ● STALE \(data 4s old: ssh: connect to host 192\.168\.0\.21 port 22: Connection timed out \(next try in 15s\)\)/,
		);
		expect(frame).toMatch(/tank\s+█/);
		expect(lineOf(frame, '── pve3')).toMatch(/online, through ssh/);
		expect(frame.split('\n')[0]).toMatch(/nodes 2\/3 \(pve2 stale\) quorate/);
	});

	it("puts each node's bridges under it, with that node's guests only", async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 60});
		await harness.press('3', '+');
		await harness.waitFor((f) => f.includes('3 Network / VPN'));
		// Down to pve2's vmbr0 and unfold its guests.
		const selected = (): string => harness!.lines().find((l) => l.includes('›')) ?? '';
		for (let i = 0; i < 20 && !selected().includes('192.168.0.21/'); i++) await harness.press('j');
		await harness.press('o');
		const frame = await harness.waitFor((f) => f.includes('111 docker'), "pve2's vmbr0 unfolded");
		const lines = frame.split('\n');
		const pve2 = lines.findIndex((l) => l.includes('── pve2'));
		const pve3 = lines.findIndex((l) => l.includes('── pve3'));
		expect(pve2).toBeGreaterThan(0);
		// Under pve2: its vmbr0 (192.168.0.21) with the Docker host 111, and no guest of another node.
		const block = lines.slice(pve2, pve3).join('\n');
		expect(block).toMatch(/vmbr0\s+UP\s+192\.168\.0\.21\/24/);
		expect(block).toMatch(/111 docker/);
		expect(block).not.toMatch(/116 wireguard|110 grafana/);
		await harness.press('G');
		const end = await harness.waitFor((f) => f.includes('wg0'));
		expect(end).toMatch(/wg0 in guest 116 wireguard on pve/);
	});

	it('narrows every pane to the node picked with n, and shows every node again', async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		await harness.press('n');
		let frame = await harness.waitFor((f) => f.includes('every node (3)'));
		expect(frame).toMatch(/pve2 ● online, through ssh/);
		await harness.press('j', KEYS.enter);
		frame = await harness.waitFor((f) => f.includes('[node pve2]'));
		// Guests: only pve2's. ZFS: only tank. Network: pve2's bridges, no group headers.
		expect(frame).toMatch(/111 docker/);
		expect(frame).not.toMatch(/116 wireguard/);
		expect(frame).toContain('1 pool ');
		expect(frame).toMatch(/tank\s+█/);
		expect(frame).not.toContain('media-pool');
		expect(frame).not.toContain('── pve');
		expect(frame).toMatch(/journal of node pve2/);
		await harness.press(':', ...'node', KEYS.enter);
		frame = await harness.waitFor((f) => !f.includes('[node pve2]') && f.includes('media-pool'));
		expect(frame).toContain('5 pools');
	});

	it('has nothing to narrow on a single host, and says so', async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 120, rows: 30});
		await harness.press('n');
		const frame = await harness.waitFor((f) => f.includes('nothing to narrow'));
		expect(frame.split('\n').at(-1)).toMatch(/^Nodes: .*: disabled \(one node: there is nothing to narrow/);
	});
});
