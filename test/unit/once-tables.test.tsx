/**
 * `--once` tables: one line per row (no separator lines), fitted to the width they are given
 * (long columns cut first, then the rightmost left out and named), whole in a pipe, and a
 * stopped guest's memory read as its size, not its use.
 */
import {describe, it, expect} from 'vitest';
import {renderOnceReport} from '../../screens/once-report.js';
import {guestRows, reportTables} from '../../source/report/rows.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';

const snapshot = sampleSnapshot();
const now = Date.parse(snapshot.takenAt);

describe('--once tables', () => {
	it('print one line per row under a header line, with no separator lines', () => {
		const text = renderOnceReport('proxdeck — demo', reportTables(snapshot, now), null);
		const guests = text
			.split('\n\n')
			.find((block) => block.startsWith('Guests ('))!
			.split('\n');
		expect(guests[1]).toMatch(/^VMID +NAME +TYPE +NODE +STATUS +CPU% +MEM +DISK% +UPTIME +IP +TAGS$/);
		expect(guests).toHaveLength(2 + snapshot.guests.length);
		expect(text).not.toMatch(/[├┼─│]/);
	});

	it('fit 80 columns: no line wider, names whole, and the columns left out are named', () => {
		const text = renderOnceReport('proxdeck — demo', reportTables(snapshot, now), 80);
		for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		const guests = text.split('\n\n').find((block) => block.startsWith('Guests ('))!;
		expect(guests).toMatch(/^Guests \(\d+\) {2}IP, TAGS left out at 80 columns/);
		for (const g of snapshot.guests.filter((g) => g.name.length <= 16))
			expect(guests).toMatch(new RegExp(`^${g.vmid} +${g.name} `, 'm'));
		const vpn = text.split('\n\n').find((block) => block.startsWith('VPN ('))!;
		expect(vpn.split('\n')[1]).toMatch(/^TUNNEL +GATEWAY +PEER +ENDPOINT +ALLOWED IPS +HANDSHAKE +RX +TX$/);
	});

	it('in a pipe keep every cell whole, however long', () => {
		const text = renderOnceReport('proxdeck — demo', reportTables(snapshot, now), null);
		// (A VPN peer's key is written as its first 8 characters by the rows themselves.)
		for (const title of ['Guests', 'Containers', 'Bridges', 'Storages'])
			expect(text.split('\n\n').find((block) => block.startsWith(`${title} (`))).not.toContain('…');
		for (const g of snapshot.guests) if (g.tags.length > 0) expect(text).toContain(g.tags.join(','));
	});

	it("write a stopped guest's memory as –/size", () => {
		const rows = guestRows(snapshot);
		const stopped = snapshot.guests.findIndex((g) => g.status !== 'running');
		const running = snapshot.guests.findIndex((g) => g.status === 'running');
		expect(rows[stopped]!['MEM']).toMatch(/^–\/\d/);
		expect(rows[running]!['MEM']).toMatch(/^\d[\d.]*[KMGT]?\/\d/);
	});
});
