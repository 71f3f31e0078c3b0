/**
 * The live console as `proxdeck --demo --demo-scale 1000` runs it, with the simulated host
 * journal turned up to PD_BENCH_RATE lines/s; once PD_BENCH_LINES lines went through the
 * logs pane it writes its peak RSS (VmHWM) to PD_BENCH_OUT and quits. Bundled by
 * bench/rss.ts with the same esbuild settings as dist/proxdeck.mjs, so the memory measured is
 * the product's, not a TypeScript loader's.
 *
 * With PD_BENCH_MINUTES set it runs that long instead, taking VmRSS every 10 s, and writes
 * the samples (the steady-memory row, bench/steady-rss.ts).
 */
import '../source/v8-tuning.js';
import {writeFileSync} from 'node:fs';
import {createCollector} from '../source/host/collect.js';
import {createAppStore} from '../source/store/app-store.js';
import {createHomelab} from '../source/sim/homelab.js';
import {createSimTransport} from '../source/sim/transport.js';
import {runConsole} from '../screens/run-console.js';
import {statusMb} from './lib.js';

const guests = Number(process.env['PD_BENCH_GUESTS'] ?? 1000);
const rate = Number(process.env['PD_BENCH_RATE'] ?? 5000);
const target = Number(process.env['PD_BENCH_LINES'] ?? 50_000);
const out = process.env['PD_BENCH_OUT'] ?? '/dev/null';

const state = createHomelab({
	scale: {guests, nodes: Math.max(1, Math.ceil(guests / 100)), dockerHosts: Math.ceil(guests / 20)},
});
const transport = createSimTransport({state, realTime: true, rate});
const collector = createCollector(transport, {context: 'demo'});
const store = createAppStore({
	collector,
	transport,
	context: 'demo',
	host: transport.label,
	readOnly: false,
	intervalMs: 2000,
});
const started = Date.now();
const minutes = Number(process.env['PD_BENCH_MINUTES'] ?? 0);
const samples: {seconds: number; rssMb: number; heapTotalMb: number; heapUsedMb: number; externalMb: number}[] = [];
if (minutes > 0) {
	const sampler = setInterval(() => {
		const seconds = (Date.now() - started) / 1000;
		// What the resident memory is made of: V8's heap (reserved, and in use at that moment,
		// garbage included) and memory outside it (Yoga's WebAssembly memory, buffers).
		const {heapTotal, heapUsed, external} = process.memoryUsage();
		samples.push({
			seconds,
			rssMb: statusMb('self', 'VmRSS'),
			heapTotalMb: heapTotal / 2 ** 20,
			heapUsedMb: heapUsed / 2 ** 20,
			externalMb: external / 2 ** 20,
		});
		if (seconds < minutes * 60) return;
		clearInterval(sampler);
		const {logs, snapshot} = store.getState();
		writeFileSync(out, JSON.stringify({samples, received: logs.received, guests: snapshot?.guests.length ?? 0}));
		store.setState({quit: true});
	}, 10_000);
}
const watch = setInterval(() => {
	if (minutes > 0) return;
	const {logs, snapshot} = store.getState();
	if (logs.received < target && Date.now() - started < 60_000) return;
	clearInterval(watch);
	const memory = process.memoryUsage();
	writeFileSync(
		out,
		JSON.stringify({
			peakRssMb: statusMb('self', 'VmHWM'),
			rssMb: statusMb('self', 'VmRSS'),
			heapTotalMb: memory.heapTotal / 2 ** 20,
			heapUsedMb: memory.heapUsed / 2 ** 20,
			externalMb: memory.external / 2 ** 20,
			received: logs.received,
			guests: snapshot?.guests.length ?? 0,
			seconds: (Date.now() - started) / 1000,
		}),
	);
	store.setState({quit: true});
}, 200);
await runConsole({store, transport});
process.exit(0);
