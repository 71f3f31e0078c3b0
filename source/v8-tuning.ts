/**
 * V8 tuned for a console that stays open all day: memory held close to what is live, and no
 * compiler time spent on code that runs once per refresh. Imported first by every entry point
 * (each setting takes effect from then on).
 *
 * Heap. By default V8 sizes the heap for throughput: a burst of log lines (5,000/s) left
 * ~100 MB of heap reserved around ~35 MB of live data.
 * - The young generation is capped at 4 MB per semi-space by the flag in the bundle's shebang
 *   (`--max-semi-space-size=4`, which only works on node's command line). Smaller costs CPU:
 *   at 1 MB every refresh's garbage outlived a collection or two, was copied, promoted and
 *   swept by full collections, which also threw away optimised code to be compiled again;
 *   idle CPU at the demo's size was half as much again (README, Performance). Started without
 *   the flag (`tsx`, or `node dist/proxdeck.mjs` by hand), the young generation is kept from
 *   growing at all instead: the memory bound holds, at that CPU price.
 * - The old generation grows by 20 % at a time instead of doubling.
 * Peak RSS with 1,000 guests and 50,000 log lines went from 170–196 MB to ~117 MB.
 *
 * Compiler. V8 optimises a function once it has run a fixed amount of bytecode (its
 * "interrupt budget"). Idle, the console runs most of its code once per refresh (every 2 s),
 * so functions cross that line one by one for half an hour, and the optimising compiler was
 * busy all that time, more than it ever saved on code that runs once per 2 s. Eight times the
 * budget leaves that code to the baseline compiler. Code that is really hot (keys held down,
 * 5,000 log lines/s) still crosses the line within a few frames. What it buys is in
 * patches/README.md (measured side by side with V8's own budget). The budget and V8's
 * default are those of V8 11.3 (Node 20): another V8 tiers up differently (Node 22's adds
 * Maglev between the two compilers), so there V8 keeps its own budget until measured.
 */
import {setFlagsFromString} from 'node:v8';

/** The V8 (major.minor) the interrupt budget was measured on: Node 20's. */
export const BUDGET_MEASURED_ON_V8 = '11.3';

/** Eight times V8 11.3's default (67,584 bytes of bytecode executed per function). */
export const INTERRUPT_BUDGET = 8 * 67_584;

/** The interrupt budget to set for this V8, or null to leave V8's own (another V8, or given on the command line). */
export function interruptBudgetFor(v8Version: string, startedWith: readonly string[]): number | null {
	if (startedWith.some((arg) => arg.startsWith('--interrupt-budget'))) return null;
	const [major, minor] = v8Version.split('.');
	return `${major}.${minor}` === BUDGET_MEASURED_ON_V8 ? INTERRUPT_BUDGET : null;
}

const startedWith = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
if (!startedWith.some((arg) => arg.startsWith('--max-semi-space-size')))
	setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=20');
const budget = interruptBudgetFor(process.versions.v8, startedWith);
if (budget !== null) setFlagsFromString(`--interrupt-budget=${budget}`);
