/**
 * The Docker keys on the guests pane: each says why it cannot run before it is pressed (a
 * guest row, a running container to remove), opens the confirm dialog with the exact command
 * on the Docker host's node, runs it, and `m` on a stack row streams the stack's merged logs,
 * each line carrying its container's name and colour.
 */
import {describe, expect, it} from 'vitest';
import {handleKey} from '../../screens/input-router.js';
import {updatingNote} from '../../source/ops/stack-resume.js';
import {jobsIdle} from '../../source/store/app-store.js';
import {refusals} from '../../source/store/actions/index.js';
import type {AppStore, ConfirmDialog} from '../../source/store/types.js';
import {simStore} from '../screen/sim-store.js';

const press = (store: AppStore, ...keys: string[]): void => {
	for (const k of keys) {
		if (k === 'enter') handleKey(store, '\r', {return: true});
		else if (k === 'tab') handleKey(store, '', {tab: true});
		else handleKey(store, k, {});
	}
};

function selectRow(store: AppStore, key: string): void {
	const {guests} = store.getState();
	store.setState({guests: {...guests, expanded: {...guests.expanded, 'g:111': true}, selected: key}});
}

/** The dialog of a key whose plan reads the host first (the stack update). */
async function dialogOpened(store: AppStore): Promise<ConfirmDialog> {
	for (let i = 0; i < 200 && store.getState().modals.at(-1)?.kind !== 'confirm'; i++)
		await new Promise((resolve) => setTimeout(resolve, 5));
	return dialog(store);
}

function dialog(store: AppStore): ConfirmDialog {
	const modal = store.getState().modals.at(-1);
	if (modal?.kind !== 'confirm') throw new Error(`no confirm dialog open (top: ${modal?.kind ?? 'none'})`);
	return modal.dialog;
}

describe('Docker keys on the guests pane', () => {
	it('say why they cannot run on a guest row, and refuse to remove a running container', async () => {
		const lab = simStore();
		await lab.load();
		selectRow(lab.store, 'g:105');
		const onGuest = refusals(lab.store.getState(), ['guests']);
		expect(onGuest['docker.restart']).toBe("select a container row (expand a Docker host's containers with o)");
		expect(onGuest['docker.prune']).toBe('select a Docker host or one of its containers');
		selectRow(lab.store, 'c:111:plex');
		const onContainer = refusals(lab.store.getState(), ['guests']);
		expect(onContainer['docker.restart']).toBeUndefined();
		expect(onContainer['docker.remove']).toBe('plex is running: stop it first (docker rm refuses a running container)');
		press(lab.store, 'z');
		expect(lab.store.getState().modals).toEqual([]);
		expect(lab.store.getState().notice).toContain('disabled (plex is running: stop it first');
	});

	it('t restarts the selected container after the dialog, on the Docker host', async () => {
		const lab = simStore();
		await lab.load();
		selectRow(lab.store, 'c:111:sonarr');
		press(lab.store, 't');
		const d = dialog(lab.store);
		expect(d.title).toBe('Restart container sonarr in docker (111)?');
		expect(d.focus).toBe('cancel');
		expect(d.plans[0]!.steps.flatMap((s) => s.commands)).toEqual(['pct exec 111 -- docker restart sonarr']);
		press(lab.store, 'tab', 'enter');
		await jobsIdle(lab.store);
		expect(lab.store.getState().jobs[0]).toMatchObject({target: 'container sonarr in docker (111)', state: 'ok'});
	});

	it('i hands the terminal to docker exec inside pct exec, on the Docker host', async () => {
		const lab = simStore({shell: async () => 0});
		await lab.load();
		selectRow(lab.store, 'c:111:plex');
		press(lab.store, 'i');
		expect(lab.store.getState().handoff).toMatchObject({
			shown: 'pct exec 111 -- docker exec -it plex sh',
			label: 'plex in docker (111)',
		});
	});

	it('w on a stack row plans the update with its snapshot and health wait; m follows its merged logs', async () => {
		const lab = simStore();
		await lab.load();
		selectRow(lab.store, 's:111:web');
		press(lab.store, 'w');
		expect((await dialogOpened(lab.store)).plans[0]!.steps.map((s) => s.name)).toEqual([
			'pull',
			'compare',
			'snapshot',
			'up',
			'health',
		]);
		press(lab.store, 'enter');
		press(lab.store, 'm');
		expect(lab.store.getState().logs.source).toEqual({kind: 'stack', vmid: 111, stack: 'web', node: 'pve'});
	});

	it('w on a stack whose update was cut off after up -d says in the dialog that this run resumes it', async () => {
		const lab = simStore();
		await lab.load();
		// What a cut-off update leaves on the Docker host: its snapshot, noted as under way, and
		// the container it recreated after it.
		const {state, clock} = lab.transport.sim;
		const host = state.guests.find((g) => g.vmid === 111)!;
		const taken = Math.floor(clock.now() / 1000) - 120;
		host.snapshots.push({
			name: 'pd_stack_20250601115800',
			description: updatingNote('web'),
			snaptime: taken,
			entries: [],
		});
		host.docker!.containers.find((c) => c.name === 'wizarr')!.createdAt = (taken + 60) * 1000;
		selectRow(lab.store, 's:111:web');
		press(lab.store, 'w');
		const plan = (await dialogOpened(lab.store)).plans[0]!;
		expect(plan.checks).toEqual([
			expect.objectContaining({
				name: 'resume',
				warning: true,
				detail: expect.stringMatching(
					/^an update of web was cut off after recreating wizarr \(snapshot pd_stack_20250601115800, (?:2025-06-01 )?11:58 UTC\): this run resumes it/,
				),
			}),
		]);
		expect(plan.steps.find((s) => s.name === 'snapshot')?.title).toBe(
			'No new snapshot: snapshot pd_stack_20250601115800, taken by the cut-off update, stays the way back',
		);
	});
});
