import {describe, expect, it} from 'vitest';
import {recentJournalTable} from '../../source/once.js';
import {createSimTransport} from '../../source/sim/transport.js';
import type {Transport} from '../../source/transport/types.js';

describe('--once --pane logs', () => {
	it('reads the host journal once, without following, as a table', async () => {
		const transport = createSimTransport();
		const table = await recentJournalTable(transport, 20);
		expect(table.title).toBe('Host journal');
		expect(table.rows).toHaveLength(20);
		expect(table.rows[0]).toHaveProperty('MESSAGE');
		expect(table.rows.some((r) => /\.service$/.test(r['UNIT'] ?? ''))).toBe(true);
		await transport.close();
	});

	it('shows why when journalctl fails instead of an empty table', async () => {
		const failing = {
			exec: async () => ({stdout: '', stderr: 'journalctl: command not found\n', code: 127, durationMs: 1}),
		} as unknown as Transport;
		const table = await recentJournalTable(failing);
		expect(table.rows).toEqual([{ERROR: 'journalctl: journalctl: command not found'}]);
	});
});
