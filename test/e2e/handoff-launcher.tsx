/**
 * The console on the simulated homelab whose connection "can" open a terminal: `pct enter`
 * is answered by a local shell that prints what it was asked to run, reads one line and exits
 * 3. The hand-off test drives it in tmux: the console steps aside and comes back intact.
 */
import {createCollector} from '../../source/host/collect.js';
import {quoteArg} from '../../source/host/quote.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport} from '../../source/sim/transport.js';
import {createLocalTransport} from '../../source/transport/local.js';
import {createAppStore} from '../../source/store/app-store.js';
import {runConsole} from '../../screens/run-console.js';

const transport = createSimTransport({state: createHomelab({}), realTime: true});
const local = createLocalTransport();
Object.assign(transport, {
	interactive: (command: string, io: Parameters<NonNullable<typeof local.interactive>>[1]) =>
		local.interactive!(
			`printf 'FAKE SHELL for %s\\n' ${quoteArg(command)}; read answer; printf 'got %s\\n' "$answer"; exit 3`,
			io,
		),
});
const collector = createCollector(transport, {context: 'demo'});
const store = createAppStore({collector, transport, context: 'demo', host: transport.label, readOnly: false});
await runConsole({store, transport});
await transport.close();
process.exit(0);
