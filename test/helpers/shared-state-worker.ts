/**
 * A second (third…) process on a shared simulated homelab, for test/unit/sim-shared-state:
 * `node --import tsx shared-state-worker.ts <file> write <n>` adds n events, one update
 * each; `… read <n>` reads the file n times. Any half-written file would throw here.
 */
import process from 'node:process';
import {addEvent} from '../../source/sim/mutate.js';
import {createHomelab} from '../../source/sim/state.js';
import {SharedStateFile} from '../../source/sim/state-file.js';

const [file, mode, count] = process.argv.slice(2);
const shared = SharedStateFile.open(file!, () => createHomelab({now: Date.now()}));
for (let i = 0; i < Number(count); i++) {
	if (mode === 'write')
		shared.update((state) =>
			addEvent(state, {
				time: Date.now(),
				target: 'host',
				ident: 'worker',
				priority: 6,
				message: `from ${process.pid} #${i}`,
			}),
		);
	else if (shared.read().schema !== 2) throw new Error('read a state that is not a homelab');
}
