/**
 * V8's heap tuned for a console that stays open all day. By default V8 sizes the heap for
 * throughput: a burst of log lines (5,000/s) left ~100 MB of heap reserved around ~35 MB of
 * live data. A young generation that does not grow (semi-space growth factor 1) and an old
 * generation that grows by 20 % at a time keep the reservation close to what is live: peak
 * RSS with 1,000 guests and 50,000 log lines went from 170–196 MB to ~110 MB. The price is
 * more frequent, smaller collections: the same idle CPU at the demo's size, about a fifth
 * more at 1,000 guests (README, Performance). Imported first by every entry point; both flags
 * take effect when the heap next grows, so setting them at run time works.
 */
import {setFlagsFromString} from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=20');
