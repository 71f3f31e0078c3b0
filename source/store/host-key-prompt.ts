/**
 * Questions the ssh transport asks during a live console session, asked in the console. A
 * reconnect that meets a host key it does not know would otherwise write OpenSSH's question
 * to /dev/tty, over the Ink screen, and read the answer while the console owns the keyboard.
 * Instead the question is a modal (y trusts the key, n/Esc/q refuses), and the transport
 * waits for its answer. A question the console can no longer answer (it quit, or the modal
 * went away) is a refusal. Secrets (a passphrase, a password) are not asked mid-session: the
 * reconnect fails with the reason, and the next start of proxdeck asks on the terminal.
 */
import type {HostKeyQuestion, Prompter} from '../transport/prompt.js';
import type {AppStore} from './types.js';

const pending = new WeakMap<AppStore, Map<number, (yes: boolean) => void>>();
let nextId = 1;

/** The answer to the question in the modal `id` (from the hostkey.* actions). */
export function answerHostKey(store: AppStore, id: number, yes: boolean): void {
	// Answered before the modal goes: its going would otherwise read as a refusal.
	pending.get(store)?.get(id)?.(yes);
	store.setState({modals: store.getState().modals.filter((m) => !(m.kind === 'hostkey' && m.id === id))});
}

function ask(store: AppStore, question: HostKeyQuestion): Promise<boolean> {
	const id = nextId++;
	const waiting = pending.get(store) ?? new Map<number, (yes: boolean) => void>();
	pending.set(store, waiting);
	return new Promise((resolve) => {
		let settled = false;
		const finish = (yes: boolean): void => {
			if (settled) return;
			settled = true;
			waiting.delete(id);
			unsubscribe();
			resolve(yes);
		};
		waiting.set(id, finish);
		// Quitting, or anything that takes the modal away, answers no.
		const unsubscribe = store.subscribe((state) => {
			if (state.quit || !state.modals.some((m) => m.kind === 'hostkey' && m.id === id)) finish(false);
		});
		store.setState({modals: [...store.getState().modals, {kind: 'hostkey', id, question}]});
	});
}

/** The Prompter for a transport while the console runs. */
export function consolePrompter(store: AppStore): Prompter {
	return {
		confirmHostKey: (question) => ask(store, question),
		secret: async () => {
			store.setState({
				notice:
					'the reconnect needs a passphrase or password, which the console does not ask for: restart proxdeck to enter it',
			});
			return null;
		},
	};
}
