/**
 * `--pane`: one header line and one pane with no border, title, footer or grid; columns
 * dropped by priority when narrow; a size gate below 40×8; pane-switching keys refused.
 */
import React from 'react';
import {describe, it, expect, afterEach} from 'vitest';
import {PaneApp} from '../../screens/pane-app.js';
import {fitParts} from '../../screens/widgets/format.js';
import type {AppStore, PaneId} from '../../source/store/types.js';
import {loadedStore} from './setup.js';
import {renderElement, type Harness} from './harness.js';
import {dispatch} from '../../source/store/actions/index.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

async function renderPane(store: AppStore, pane: PaneId, size: {cols: number; rows: number}) {
	store.getState().setTerm(size.rows, size.cols);
	dispatch(store, `pane.${pane}`);
	store.setState({zoom: true});
	harness = await renderElement(store, <PaneApp store={store} pane={pane} />, size);
	const {lines, press} = harness;
	return {
		lines,
		press,
		async resize(cols: number, rows: number) {
			store.getState().setTerm(rows, cols);
			await tick();
			await tick();
		},
	};
}

const BORDER = /[│╭╮╰╯┃┏┓┗┛║╔╗╚╝]/;

describe('pane mode', () => {
	it('guests at 80×24: one header line, the column header, then guests; no border, no footer', async () => {
		const {store} = loadedStore();
		const pane = await renderPane(store, 'guests', {cols: 80, rows: 24});
		const lines = pane.lines();
		expect(lines).toHaveLength(23);
		expect(lines[0]).toMatch(/^Guests demo ● connected (just now|\ds ago) \[RW\]/);
		expect(lines[1]).toMatch(/^\s+VMID▲ NAME\s+STATUS\s+CPU%\s+MEM\s+DISK%\s+UPTIME IP/);
		expect(lines[2]).toMatch(/100 wireguard\s+running/);
		expect(lines.join('\n')).not.toMatch(BORDER);
		expect(lines.join('\n')).not.toContain('1 Guests');
		expect(lines.join('\n')).not.toContain('? help');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('drops columns by priority as the pane narrows: IP before MEM before CPU%; STATUS stays at 40', async () => {
		const {store} = loadedStore();
		const pane = await renderPane(store, 'guests', {cols: 66, rows: 12});
		expect(pane.lines()[1]).toMatch(/VMID▲ NAME\s+STATUS\s+CPU%\s+MEM\s+IP\s*$/);
		await pane.resize(60, 12);
		expect(pane.lines()[1]).toMatch(/VMID▲ NAME\s+STATUS\s+CPU%\s+MEM\s*$/);
		await pane.resize(40, 8);
		const lines = pane.lines();
		expect(lines).toHaveLength(7);
		expect(lines[1]).toMatch(/VMID▲ NAME\s+STATUS\s+CPU%\s*$/);
		expect(lines[2]).toMatch(/100 wireguard\s+running\s+\d+\.\d$/);
		// The header keeps the pane, the connection state and the age; the counts go first.
		expect(lines[0]).toMatch(/^Guests demo ● connected (just now|\ds ago)/);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
	});

	it('below 40×8 says what it has and what it needs', async () => {
		const {store} = loadedStore();
		const pane = await renderPane(store, 'zfs', {cols: 39, rows: 20});
		expect(pane.lines().join('\n')).toContain('have 39×20, need 40×8');
		await pane.resize(80, 7);
		expect(pane.lines().join('\n')).toContain('have 80×7, need 40×8');
		await pane.resize(40, 8);
		const lines = pane.lines();
		expect(lines[0]).toMatch(/^ZFS demo ● connected/);
		// Narrow: the capacity bar goes, the name, percentage, sizes and health stay.
		// (the first pool is selected: the cursor in the gutter before its name)
		expect(lines.find((line) => line.startsWith('›media-pool'))).toMatch(/^›media-pool\s+84%\s+\S+\/\S+\s+ONLINE$/);
	});

	for (const size of [
		{cols: 80, rows: 24},
		{cols: 40, rows: 8},
	])
		it(`a refusal longer than the header is shown whole, on lines of its own, at ${size.cols}×${size.rows}`, async () => {
			const {store} = loadedStore(undefined, {readOnly: true});
			store.setState({readOnlyWhy: '--pane watches; start it with --write to act'});
			const pane = await renderPane(store, 'guests', size);
			await pane.press('x');
			let lines = pane.lines();
			expect(lines).toHaveLength(size.rows - 1);
			const said = lines.slice(1).join(' ').replace(/\s+/g, ' ');
			expect(said).toContain('Stop the guest, or every marked guest');
			expect(said).toMatch(/--pane watches; start it with --write to act/);
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(size.cols);
			// The next key puts it away and gives the rows back to the pane.
			await pane.press('j');
			lines = pane.lines();
			expect(lines.join(' ')).not.toContain('Stop the guest');
			expect(lines).toHaveLength(size.rows - 1);
		});

	it('network and logs: the pane title moves into the header line', async () => {
		const {store} = loadedStore();
		let pane = await renderPane(store, 'network', {cols: 100, rows: 20});
		expect(pane.lines()[0]).toMatch(/^Network demo ● connected .* \d+ bridges? · \d+ tunnels?/);
		expect(pane.lines().join('\n')).toContain('vmbr1');
		harness?.unmount();
		const logs = loadedStore();
		pane = await renderPane(logs.store, 'logs', {cols: 100, rows: 20});
		expect(pane.lines()[0]).toMatch(/^Logs demo ● connected .* host journal \[follow\]/);
	});

	it('refuses the pane-switching keys but navigates, filters and shows the filter in the header', async () => {
		const {store} = loadedStore(undefined, {readOnly: true});
		const pane = await renderPane(store, 'guests', {cols: 80, rows: 24});
		expect(pane.lines()[0]).toContain('[RO]');
		await pane.press('2', '\t', '+', '_');
		expect(store.getState().focus).toBe('guests');
		expect(pane.lines()[1]).toMatch(/VMID/);
		await pane.press('j');
		expect(pane.lines().find((line) => line.startsWith('›'))).toMatch(/101 swag/);
		await pane.press('/', 'p', 'l');
		expect(pane.lines()[0]).toContain('/pl_/');
		await pane.press('\r');
		expect(pane.lines()[0]).toMatch(/\/pl\/ .*\d+ of \d+/);
		expect(pane.lines().join('\n')).toContain('plex');
		expect(pane.lines().join('\n')).not.toContain('swag');
	});
});

describe('fitParts', () => {
	it('keeps parts by priority, whole, in their original order', () => {
		const parts = [
			{text: 'Guests', priority: 0},
			{text: 'demo', priority: 2},
			{text: '● connected', priority: 0},
			{text: '3s ago', priority: 1},
			{text: '30/40 running', priority: 4},
		];
		expect(
			fitParts(parts, 80)
				.map((p) => p.text)
				.join(' '),
		).toBe('Guests demo ● connected 3s ago 30/40 running');
		expect(
			fitParts(parts, 30)
				.map((p) => p.text)
				.join(' '),
		).toBe('Guests demo ● connected 3s ago');
		expect(
			fitParts(parts, 20)
				.map((p) => p.text)
				.join(' '),
		).toBe('Guests ● connected');
	});
});
