/**
 * The interactive console: a store fed by the poller, handed to the screens. The screens'
 * entry is passed in by source/cli.tsx so the engine never imports screens/.
 */
import type {GlobalOptions} from './cli-args.js';
import type {Collector} from './host/collector-types.js';
import type {Transport} from './transport/types.js';
import {createAppStore, type AppStore} from './store/app-store.js';
import {EXIT} from './exit-codes.js';

export interface RunConsole {
	(options: {store: AppStore; transport: Transport; noColor?: boolean; pane?: GlobalOptions['pane']}): Promise<void>;
}

export async function runConsoleMode(input: {
	collector: Collector;
	transport: Transport;
	context: string;
	options: GlobalOptions;
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
		readOnly: options.readOnly ?? false,
		...(options.intervalMs ? {intervalMs: options.intervalMs} : {}),
	});
	await input.runConsole({store, transport, noColor: options.noColor, ...(options.pane ? {pane: options.pane} : {})});
	return EXIT.ok;
}
