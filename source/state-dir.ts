/**
 * Where proxdeck keeps what it learns while it runs (the action journal, the demo's homelab):
 * $XDG_STATE_HOME/proxdeck, or ~/.local/state/proxdeck. The XDG spec says a relative
 * XDG_STATE_HOME is invalid and must be ignored.
 */
import {homedir} from 'node:os';
import {join} from 'node:path';

export function stateDirectory(
	env: Record<string, string | undefined> = process.env,
	home: string = homedir(),
): string {
	const state = env['XDG_STATE_HOME'];
	return join(state && state.startsWith('/') ? state : join(home, '.local', 'state'), 'proxdeck');
}
