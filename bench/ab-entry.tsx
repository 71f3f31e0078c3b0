/**
 * One in-process benchmark (key latency or log ingest), bundled by bench/ab.ts once per
 * variant with the settings of dist/proxdeck.mjs; prints its result as one line of JSON.
 * Usage: node <bundle> keys|ingest [--quick]
 */
import '../source/v8-tuning.js';
import {benchKeyLatency} from './keys.js';
import {benchIngest} from './ingest.js';

const figure = process.argv[2];
const quick = process.argv.includes('--quick');
const result =
	figure === 'keys'
		? await benchKeyLatency({presses: quick ? 60 : 150})
		: figure === 'ingest'
			? await benchIngest({secondsPerRate: quick ? 1.5 : 3})
			: null;
if (result === null) {
	process.stderr.write(`usage: ab-entry keys|ingest [--quick] (not ${figure ?? 'nothing'})\n`);
	process.exit(2);
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
