/**
 * The engine half of the shell hand-off: run the requested interactive command (`pct enter`)
 * on a PTY on the guest's node (the node router takes it there: the connection's own PTY, or
 * the cluster's ssh with a terminal), wired to the user's terminal, then clear the request and
 * say how it ended. The screen half (unmount Ink, give the terminal back, remount with the
 * same store, the order Ink 6.8 needs to leave the terminal clean) is screens/run-console.tsx.
 */
import type {InteractiveIo} from '../transport/types.js';
import {connectionFor, refreshNow} from './app-store.js';
import type {AppStore} from './types.js';

export async function performHandoff(store: AppStore, io: InteractiveIo): Promise<void> {
	const request = store.getState().handoff;
	if (!request) return;
	const {nodes} = connectionFor(store, request.context);
	let notice: string;
	try {
		if (!nodes.canInteract) throw new Error('this connection cannot open a terminal');
		const code = await nodes.interactive(request.command, io);
		notice = `shell in ${request.label} closed${code === null ? '' : ` (exit ${code})`}`;
	} catch (error) {
		notice = `shell in ${request.label} failed: ${error instanceof Error ? error.message : String(error)}`;
	}
	store.setState({handoff: null, notice});
	refreshNow(store);
}
