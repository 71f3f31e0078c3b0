/**
 * Key → frame latency: `j` moves the selection in the guest list (1,000 guests) while the
 * host journal streams at 5,000 lines/s. For each press: the time from writing the key to
 * the console's stdin until the first frame written to the terminal that shows the cursor on
 * the newly selected row.
 */
import {selectGuestRows, selectedIndex} from '../source/store/guest-rows.js';
import {percentile, plain, round, sleep} from './lib.js';
import {startConsole, waitForData, type ConsoleSetup, type ConsoleUnderTest} from './console-under-test.js';

export interface KeyLatencyResult {
	presses: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	maxMs: number;
	/** Lines the logs pane actually received per second during the run. */
	logLinesPerSec: number;
	inkRenderP50Ms: number;
	inkRenderP95Ms: number;
	/** CPU time of the whole process over the presses (console, simulated host, log stream), % of a core. */
	cpuPercent: number;
}

/** What the frame must show for the current selection: the cursor glyph on that row. */
function selectionNeedle(console: ConsoleUnderTest): RegExp {
	const state = console.store.getState();
	const rows = selectGuestRows(state);
	const row = rows.rows[selectedIndex(rows, state.guests)];
	const label =
		row?.kind === 'guest'
			? String(row.guest.vmid)
			: row?.kind === 'container'
				? row.container.name
				: row?.kind === 'stack'
					? (row.stack.project ?? '(no stack)')
					: (row?.label ?? '');
	return new RegExp(`›[^│\\n]*\\b${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
}

async function pressAndWait(console: ConsoleUnderTest, key: string): Promise<number> {
	let resolveFrame!: (at: number) => void;
	const framed = new Promise<number>((resolve) => (resolveFrame = resolve));
	let needle: RegExp | null = null;
	const pending: {text: string; at: number}[] = [];
	console.tty.onWrite = (text, at) => {
		if (needle === null) return void pending.push({text, at});
		if (needle.test(plain(text))) resolveFrame(at);
	};
	const started = performance.now();
	console.keyboard.type(key);
	// The store changed synchronously with the key; frames written inside type() are checked now.
	needle = selectionNeedle(console);
	for (const p of pending) if (needle.test(plain(p.text))) resolveFrame(p.at);
	const timeout = sleep(2000).then(() => Number.NaN);
	const at = await Promise.race([framed, timeout]);
	return at - started;
}

export async function benchKeyLatency(
	options: {guests?: number; logRate?: number; presses?: number; renderOptions?: ConsoleSetup['renderOptions']} = {},
): Promise<KeyLatencyResult> {
	const console = await startConsole({
		guests: options.guests ?? 1000,
		logRate: options.logRate ?? 5000,
		...(options.renderOptions ? {renderOptions: options.renderOptions} : {}),
	});
	try {
		await waitForData(console);
		await sleep(2500); // past the first refreshes: the steady state
		const receivedBefore = console.store.getState().logs.received;
		const renderFrom = console.renderTimes.length;
		const started = performance.now();
		const cpuBefore = process.cpuUsage();
		const latencies: number[] = [];
		const presses = options.presses ?? 150;
		for (let i = 0; i < presses; i++) {
			latencies.push(await pressAndWait(console, 'j'));
			// Irregular gaps so presses do not lock onto the log flush or frame cadence.
			await sleep(30 + Math.floor(Math.random() * 90));
		}
		const seconds = (performance.now() - started) / 1000;
		const cpu = process.cpuUsage(cpuBefore);
		const received = console.store.getState().logs.received - receivedBefore;
		const renders = console.renderTimes.slice(renderFrom);
		const missed = latencies.filter((l) => Number.isNaN(l)).length;
		if (missed > 0) throw new Error(`${missed} of ${presses} key presses never showed the new selection`);
		return {
			presses,
			p50Ms: round(percentile(latencies, 50)),
			p95Ms: round(percentile(latencies, 95)),
			p99Ms: round(percentile(latencies, 99)),
			maxMs: round(Math.max(...latencies)),
			logLinesPerSec: Math.round(received / seconds),
			inkRenderP50Ms: round(percentile(renders, 50)),
			inkRenderP95Ms: round(percentile(renders, 95)),
			cpuPercent: round((cpu.user + cpu.system) / 1e4 / seconds),
		};
	} finally {
		await console.stop();
	}
}
