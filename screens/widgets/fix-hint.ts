/**
 * A health hint as the console says it: where proxdeck itself has the fix, it names the key
 * in effect (the config may have remapped it) instead of a command to type in another shell;
 * the CLI, --json and --prometheus keep the command (`proxdeck start 105`).
 */
import type {ActionId, KeyAction} from '../../keymaps/registry.js';
import type {HealthResult} from '../../source/model/snapshot.js';

export function consoleHint(
	result: Pick<HealthResult, 'hint' | 'fix'>,
	actions: readonly KeyAction[],
	show: (key: string) => string,
): string | undefined {
	const {fix} = result;
	if (!fix) return result.hint;
	const key = (id: ActionId): string | null => {
		const first = actions.find((action) => action.id === id)?.keys[0];
		return first === undefined ? null : show(first);
	};
	const press = (id: ActionId, what: string): string => {
		const k = key(id);
		return k ? `press ${k} (${what})` : `${what} (no key is bound to ${id}: see ? help)`;
	};
	switch (fix.action) {
		case 'start':
			return `select ${fix.vmid} in the guests pane and ${press('guests.start', 'start')}`;
		case 'deploy':
			return `${press('guests.deploy', 'deploy')} and pick ${fix.service}`;
		case 'logs': {
			const open = key('guests.toggleExpand');
			return `select ${fix.container} under ${fix.vmid} in the guests pane${open ? ` (${open} shows its containers)` : ''} and ${press('guests.logs', 'its logs')}`;
		}
	}
}
