/**
 * The fleet on screen: the header names each context with its state and read-only mode, the
 * guests table has a CONTEXT column, the side panes list each context's part under its name,
 * and a context that stopped answering shows its rows dimmed and marked, and STALE in the header.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {stopPoller} from '../../source/store/app-store.js';
import {renderApp, type Harness} from './harness.js';
import {simFleet, until} from './sim-fleet.js';

let harness: Harness | null = null;
let stop: (() => void) | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
	stop?.();
	stop = null;
});

describe('fleet console', () => {
	it('shows every context in the header and a CONTEXT column; a context that is down is marked stale', async () => {
		const fleet = simFleet([{context: 'home'}, {context: 'offsite', readOnly: true}]);
		stop = () => stopPoller(fleet.store);
		await fleet.ready();
		harness = await renderApp(fleet.store, {cols: 160, rows: 40});
		let frame = await harness.waitFor((f) => f.includes('CONTEXT'), 'the CONTEXT column');
		const header = frame.split('\n')[0]!;
		expect(header).toMatch(/fleet of 2:\s+home ● 40 guests\s+offsite \[RO\] ● 40 guests/);
		expect(frame).toMatch(/CONTEXT▲\s+VMID/);
		expect(frame).toMatch(/home\s+100 swag\s+running/);
		// The ZFS pane lists each context's pools under its name.
		expect(frame).toContain('━━ home');
		fleet.store.setState({guests: {...fleet.store.getState().guests, filter: 'context:offsite'}});
		fleet.members['offsite']!.down = true;
		await until('offsite to be stale', () => fleet.store.getState().fleet!.some((m) => m.stale));
		frame = await harness.waitFor((f) => /offsite \[RO\] ● refresh failing \d+ guests STALE/.test(f), 'STALE');
		expect(frame).toMatch(/offsite ⚠\s+100 swag/);
		expect(frame).toMatch(/offsite stale since \d\d:\d\d:\d\d/);
		// home is unaffected.
		expect(frame).toMatch(/home ● 40 guests/);
	});
});
