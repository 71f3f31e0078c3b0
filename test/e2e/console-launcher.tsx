/**
 * Starts the live console on the sample homelab (test/helpers/sample-snapshot.ts) with a
 * fake collector and a transport whose host journal ticks: a quick way to look at the
 * screens at any size: `node --import tsx test/e2e/console-launcher.tsx [--guests 1000]`.
 */
import {createAppStore} from '../../source/store/app-store.js';
import {runConsole} from '../../screens/run-console.js';
import {bigSnapshot, sampleSnapshot} from '../helpers/sample-snapshot.js';
import {fakeCollector, fakeTransport, journalRecord} from '../screen/fakes.js';

const guestsArg = process.argv.indexOf('--guests');
const guests = guestsArg > 0 ? Number(process.argv[guestsArg + 1]) : 0;
const base = guests > 0 ? bigSnapshot(guests) : sampleSnapshot();
let tick = 0;
const collector = fakeCollector(() => {
	tick++;
	// Metrics move a little each refresh, and media-pool grows, so trends have something to show.
	for (const guest of base.guests)
		if (guest.status === 'running') guest.cpu = Math.min(1, Math.abs(Math.sin(tick + guest.vmid)) * 0.5);
	const pool = base.pools[0]!;
	pool.alloc = pool.alloc! + 2 * 1024 ** 3;
	pool.free = pool.free! - 2 * 1024 ** 3;
	return {...base, guests: base.guests.map((g) => ({...g})), pools: base.pools.map((p) => ({...p}))};
});
const transport = fakeTransport();
const timer = setInterval(() => {
	for (const stream of transport.streams) {
		if (!stream.stopped)
			stream.emit(
				journalRecord(`pvestatd: status update ${Date.now() % 100_000}`, {unit: 'pvestatd', timeMs: Date.now()}),
			);
	}
}, 500);
const store = createAppStore({collector, transport, context: 'demo', host: 'sample', readOnly: false});
await runConsole({store, transport, noColor: process.argv.includes('--no-color')});
clearInterval(timer);
process.exit(0);
