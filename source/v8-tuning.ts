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
 * Compiler. V8 optimises a function once it has run a fixed amount of bytecode. Idle, the
 * console runs most of its code once per refresh (every 2 s), so functions cross that line
 * one by one for half an hour, and the optimising compiler was busy all that time: 0.4–0.5 %
 * of a core of the demo's idle CPU, more than it ever saved on code that runs once per 2 s.
 * Eight times the budget leaves that code to the baseline compiler (four times saved less;
 * sixteen was not measured). Code that is really hot (keys held down, 5,000 log lines/s)
 * still crosses the line within a few frames, and the key latency and ingest benchmarks run
 * with this setting.
 */
import {setFlagsFromString} from 'node:v8';

/** Eight times V8's default (67,584 bytes of bytecode executed per function). */
export const INTERRUPT_BUDGET = 8 * 67_584;

const startedWith = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
const given = (flag: string): boolean => startedWith.some((arg) => arg.startsWith(flag));
if (!given('--max-semi-space-size')) setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=20');
if (!given('--interrupt-budget')) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
