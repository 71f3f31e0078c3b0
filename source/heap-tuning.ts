/**
 * V8's heap tuned for a console that stays open all day. By default V8 sizes the heap for
 * throughput: a burst of log lines (5,000/s) left ~100 MB of heap reserved around ~35 MB of
 * live data. Two settings keep the reservation close to what is live:
 *
 * - The young generation is capped at 4 MB per semi-space by the flag in the bundle's shebang
 *   (`--max-semi-space-size=4`, which only works on node's command line). Smaller costs CPU:
 *   at 1 MB every refresh's garbage outlived a collection or two, was copied, promoted and
 *   swept by full collections, which also threw away optimised code to be compiled again;
 *   idle CPU at the demo's size was half as much again (README, Performance). Started without
 *   the flag (`tsx`, or `node dist/proxdeck.mjs` by hand), the young generation is kept from
 *   growing at all instead: the memory bound holds, at that CPU price.
 * - The old generation grows by 20 % at a time instead of doubling.
 *
 * Peak RSS with 1,000 guests and 50,000 log lines went from 170–196 MB to ~117 MB. Imported
 * first by every entry point; both run-time flags take effect when the heap next grows.
 */
import {setFlagsFromString} from 'node:v8';

const startedWith = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
if (!startedWith.some((arg) => arg.startsWith('--max-semi-space-size'))) setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=20');
