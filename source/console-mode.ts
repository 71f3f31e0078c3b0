/**
 * The interactive console: a store fed by the poller, handed to the screens. The screens'
 * entry is passed in by source/cli.tsx so the engine never imports screens/.
 */
import type {GlobalOptions} from './cli-args.js';
import type {Collector} from './host/collector-types.js';
import type {Transport} from './transport/types.js';
import {createAppStore} from './store/app-store.js';
import type {AppStore} from './store/types.js';
import {EXIT} from './exit-codes.js';
import type {TargetSettings} from './target.js';

export interface RunConsole {
	(options: {store: AppStore; transport: Transport; noColor?: boolean; pane?: GlobalOptions['pane']}): Promise<void>;
}

export async function runConsoleMode(input: {
	collector: Collector;
	transport: Transport;
	context: string;
	options: GlobalOptions;
	settings: TargetSettings;
	runConsole: RunConsole;
}): Promise<number> {
	const {collector, transport, context, options} = input;
	if (process.stdout.isTTY !== true) {
		process.stderr.write('proxdeck: the console needs a terminal; use --once or --once --json in pipes and cron\n');
		return EXIT.usage;
	}
	const store = createAppStore({
		collector,
		transport,
		context,
		host: transport.label,
		// A --pane watches: navigation keys only, unless --write was given (readOnly === false).
		readOnly: options.pane ? options.readOnly !== false : input.settings.readOnly,
		intervalMs: input.settings.intervalMs,
		thresholds: input.settings.thresholds,
	});
	await input.runConsole({store, transport, noColor: options.noColor, ...(options.pane ? {pane: options.pane} : {})});
	return EXIT.ok;
}
