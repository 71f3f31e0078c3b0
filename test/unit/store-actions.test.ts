import {describe, it, expect} from 'vitest';
import {handleKey} from '../../screens/input-router.js';
import {jobsIdle} from '../../source/store/app-store.js';
import {performHandoff} from '../../source/store/handoff.js';
import {nextFreeVmid} from '../../source/store/actions/guest-ops.js';
import type {AppStore, ConfirmDialog, Modal} from '../../source/store/types.js';
import {select, simStore} from '../screen/sim-store.js';

const press = (store: AppStore, ...keys: string[]): void => {
	for (const k of keys) {
		if (k === 'enter') handleKey(store, '\r', {return: true});
		else if (k === 'tab') handleKey(store, '', {tab: true});
		else if (k === 'esc') handleKey(store, '', {escape: true, meta: true});
		else if (k === 'backspace') handleKey(store, '', {delete: true});
		else handleKey(store, k, {});
	}
};

function top(store: AppStore): Modal | undefined {
	return store.getState().modals.at(-1);
}

function dialog(store: AppStore): ConfirmDialog {
	const modal = top(store);
	if (modal?.kind !== 'confirm') throw new Error(`no confirm dialog open (top: ${modal?.kind ?? 'none'})`);
	return modal.dialog;
}

const commands = (d: ConfirmDialog): string[] =>
	d.plans.flatMap((p) => p.steps.flatMap((s) => (s.skip === undefined ? s.commands : [])));

describe('lifecycle keys on the guests pane', () => {
	it('x opens a stop dialog with the exact command and Cancel focused; Enter on Cancel changes nothing', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		press(lab.store, 'x');
		const d = dialog(lab.store);
		expect(d.title).toBe('Stop immich (105)?');
		expect(d.focus).toBe('cancel');
		expect(commands(d)).toEqual(['pct stop 105']);
		press(lab.store, 'enter');
		expect(top(lab.store)).toBeUndefined();
		expect(lab.store.getState().notice).toBe('stop: cancelled, nothing changed');
		expect(lab.store.getState().jobs).toEqual([]);
		await lab.load();
		expect(lab.store.getState().snapshot?.guests.find((g) => g.vmid === 105)?.status).toBe('running');
	});

	it('Tab then Enter runs the pinned job: the panel shows its step and the journal records it', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		press(lab.store, 'x');
		// A refresh that moves the selection does not retarget the open dialog.
		select(lab.store, 101);
		press(lab.store, 'tab', 'enter');
		await jobsIdle(lab.store);
		const [job] = lab.store.getState().jobs;
		expect(job?.target).toBe('immich (105)');
		expect(job?.state).toBe('ok');
		expect(job?.steps.map((s) => [s.name, s.state])).toEqual([['stop', 'done']]);
		await lab.load();
		const guests = lab.store.getState().snapshot!.guests;
		expect(guests.find((g) => g.vmid === 105)?.status).toBe('stopped');
		expect(guests.find((g) => g.vmid === 101)?.status).toBe('running');
		const entries = await lab.journal.read();
		expect(entries.map((e) => [e.action, e.target, e.result, e.commands.map((c) => c.command)])).toEqual([
			['stop', 'immich (105)', 'ok', ['pct stop 105']],
		]);
		// Esc with nothing else to close puts the finished panel away.
		press(lab.store, 'esc');
		expect(lab.store.getState().jobs).toEqual([]);
	});

	it('acts on every marked guest, and says how many the filter hides', async () => {
		const lab = simStore();
		await lab.load();
		lab.store.setState({guests: {...lab.store.getState().guests, marks: ['g:101', 'g:102', 'g:110']}});
		lab.store.setState({guests: {...lab.store.getState().guests, filter: 'grafana', selected: 'g:110'}});
		press(lab.store, 'R');
		const d = dialog(lab.store);
		expect(d.title).toBe('Reboot 3 marked guests?');
		expect(d.hiddenByFilter).toBe(2);
		expect(commands(d).filter((c) => c.startsWith('pct reboot'))).toEqual([
			'pct reboot 101',
			'pct reboot 102',
			'pct reboot 110',
		]);
	});

	it('destroy needs the VMID typed before its button works, and refuses a running guest', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		press(lab.store, 'x', 'tab', 'enter');
		await jobsIdle(lab.store);
		await lab.load();
		press(lab.store, 'X');
		expect(dialog(lab.store).typed).toBe('105');
		press(lab.store, 'tab', 'enter');
		expect(lab.store.getState().notice).toBe('type 105 to confirm');
		expect(top(lab.store)?.kind).toBe('confirm');
		press(lab.store, '1', '0', '6', 'backspace', '5');
		expect(dialog(lab.store).typedText).toBe('105');
		press(lab.store, 'enter');
		await jobsIdle(lab.store);
		await lab.load();
		expect(lab.store.getState().snapshot?.guests.some((g) => g.vmid === 105)).toBe(false);

		select(lab.store, 101);
		press(lab.store, 'X');
		expect(commands(dialog(lab.store))).toEqual(['pct destroy 101']);
		press(lab.store, '1', '0', '1', 'tab', 'enter');
		expect(lab.store.getState().notice).toMatch(/^cannot run: guest 101 \(drive\) is running: stop it first/);
	});

	it('read-only mode refuses every host-changing key and says why, in one place', async () => {
		const lab = simStore({readOnly: true, readOnlyWhy: 'context "prod" is readOnly in the config (--write overrides)'});
		await lab.load();
		select(lab.store, 105);
		for (const key of ['x', 'u', 'R', 'X', 'c', 'd', 's']) {
			press(lab.store, key);
			expect(top(lab.store), key).toBeUndefined();
			expect(lab.store.getState().notice, key).toMatch(
				/: disabled \(read-only mode \[RO\]: context "prod" is readOnly in the config \(--write overrides\)\)$/,
			);
		}
		// Health only reads: it still runs.
		press(lab.store, 'H');
		await jobsIdle(lab.store);
		expect(lab.store.getState().jobs[0]?.summary).toMatch(/^health immich \(105\): \d+ pass, \d+ warn, 0 fail$/);
	});
});

describe('clone, deploy and health', () => {
	it('c on a template opens the form with the next free VMID, a hostname and the storage; Enter shows the plan', async () => {
		const lab = simStore();
		await lab.load();
		const free = nextFreeVmid(lab.store.getState().snapshot);
		expect(free).toBe(122);
		select(lab.store, 105);
		press(lab.store, 'c');
		expect(top(lab.store)).toBeUndefined();
		expect(lab.store.getState().notice).toMatch(
			/^Clone the selected template .*: disabled \(select a template first \(the templates group is at the end of the list\)\)$/,
		);
		select(lab.store, 900);
		press(lab.store, 'c');
		const form = top(lab.store);
		expect(form?.kind === 'form' && form.form.fields.map((f) => [f.id, f.value])).toEqual([
			['vmid', '122'],
			['hostname', 'postgresql'],
			['storage', 'local-lvm'],
		]);
		// Typed text goes into the focused field (keys such as q and x are text here).
		press(lab.store, 'tab', 'backspace', 'q', 'x');
		press(lab.store, 'enter');
		const d = dialog(lab.store);
		expect(d.title).toBe('Clone template 900 to 122 (postgresqqx)?');
		expect(commands(d)).toEqual(['pct clone 900 122 --hostname postgresqqx --storage local-lvm --full']);
	});

	it('the form refuses a bad hostname and says what it wants', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 900);
		press(lab.store, 'c', 'tab', '_', 'enter');
		const form = top(lab.store);
		expect(form?.kind === 'form' && form.form.error).toBe(
			'Hostname: letters, digits and hyphens, dot-separated labels (like postgresql-db)',
		);
	});

	it('the form takes what the commands take: a dotted hostname yes, a storage id ending in a hyphen no', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 900);
		// Hostname field: postgresql -> pg.lab.home; storage field: local-lvm -> local-
		press(
			lab.store,
			'c',
			'tab',
			...Array<string>(10).fill('backspace'),
			...'pg.lab.home',
			'tab',
			'backspace',
			'backspace',
			'backspace',
			'enter',
		);
		const form = top(lab.store);
		expect(form?.kind === 'form' && form.form.fields.map((f) => f.value)).toEqual(['122', 'pg.lab.home', 'local-']);
		expect(form?.kind === 'form' && form.form.error).toBe('Storage: a storage id like local-lvm');
		press(lab.store, 'l', 'v', 'm', 'enter');
		expect(commands(dialog(lab.store))).toEqual([
			'pct clone 900 122 --hostname pg.lab.home --storage local-lvm --full',
		]);
	});

	it('d picks a catalog service; in a 3-node cluster n picks the node and the clone targets it', async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		press(lab.store, 'd');
		expect(top(lab.store)).toEqual({kind: 'catalog', node: null});
		press(lab.store, 'j', 'n', 'n');
		expect(top(lab.store)).toEqual({kind: 'catalog', node: 'pve2'});
		press(lab.store, 'enter');
		const d = dialog(lab.store);
		expect(d.title).toBe('Deploy redis (201) on pve2?');
		// local-lvm cannot take a clone to another node: the shared NAS storage does.
		expect(commands(d)[0]).toBe('pct clone 901 201 --hostname redis --storage nas --full --target pve2');
		expect(d.plans[0]!.blockers).toEqual([]);
		expect(d.plans[0]!.checks.find((c) => c.name === 'node')?.detail).toBe('node pve2 is online');
	});

	it('H runs the health checks of the marked guests into the job panel, problems first', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		press(lab.store, 'x', 'tab', 'enter');
		await jobsIdle(lab.store);
		await lab.load();
		lab.store.setState({guests: {...lab.store.getState().guests, marks: ['g:105', 'g:110']}});
		press(lab.store, 'H');
		await jobsIdle(lab.store);
		const job = lab.store.getState().jobs.find((j) => j.action === 'health')!;
		expect(job.target).toBe('2 guests');
		expect(job.results?.[0]).toEqual({
			state: 'fail',
			text: 'guest:105 running: immich is stopped (proxdeck start 105)',
		});
		expect(job.summary).toMatch(/^health 2 guests: \d+ pass, \d+ warn, 1 fail$/);
	});
});

describe('shell', () => {
	it('on the simulated homelab says a shell needs a real host', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		press(lab.store, 's');
		expect(lab.store.getState().handoff).toBeNull();
		expect(lab.store.getState().notice).toBe(
			'Shell in the guest (pct enter over SSH; the console returns on exit): disabled (this connection cannot open a terminal (the simulated homelab has none): pct enter needs --host or --local)',
		);
	});

	it('asks the screen to hand the terminal to pct enter on the PTY, then says how it ended', async () => {
		const ran: string[] = [];
		const lab = simStore({sudo: true, shell: async (command: string) => (ran.push(command), 0)});
		await lab.load();
		select(lab.store, 105);
		press(lab.store, 's');
		expect(lab.store.getState().handoff).toEqual({
			command: {argv: ['pct', 'enter', '105'], root: true, node: 'pve'},
			shown: 'sudo -n pct enter 105',
			label: 'immich (105)',
		});
		await performHandoff(lab.store, {stdin: process.stdin, stdout: process.stdout});
		expect(ran).toEqual(['sudo -n pct enter 105']);
		expect(lab.store.getState().handoff).toBeNull();
		expect(lab.store.getState().notice).toBe('shell in immich (105) closed (exit 0)');
	});
});

describe('a cluster in the console', () => {
	it("opens a shell in a guest on another node through the cluster's ssh, with a terminal", async () => {
		const ran: string[] = [];
		const lab = simStore({nodes: 3, shell: async (command: string) => (ran.push(command), 0)});
		await lab.load();
		select(lab.store, 111);
		press(lab.store, 's');
		expect(lab.store.getState().handoff?.shown).toBe(
			"ssh -t -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@192.168.0.21 'pct enter 111'",
		);
		await performHandoff(lab.store, {stdin: process.stdin, stdout: process.stdout});
		expect(ran).toEqual([
			"ssh -t -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve2 root@192.168.0.21 'pct enter 111'",
		]);
	});

	it('says why there is no shell in a guest whose node is down', async () => {
		const lab = simStore({nodes: 3, shell: async () => 0});
		lab.transport.sim.faults.nodeDown('pve3');
		await lab.load();
		select(lab.store, 110);
		press(lab.store, 's');
		expect(lab.store.getState().handoff).toBeNull();
		expect(lab.store.getState().notice).toMatch(
			/grafana \(110\) is unknown; start it first|grafana \(110\) lives on pve3, which is offline/,
		);
	});

	it('stops a guest on pve3 from the confirm dialog, and the job panel names the node', async () => {
		const lab = simStore({nodes: 3});
		await lab.load();
		select(lab.store, 110);
		press(lab.store, 'x');
		const open = dialog(lab.store);
		expect(open.title).toBe('Stop grafana (110) on pve3?');
		expect(open.plans[0]!.steps[0]!.commands).toEqual([
			"ssh -e none -o BatchMode=yes -o ConnectTimeout=5 -o HostKeyAlias=pve3 root@192.168.0.22 'pct stop 110'",
		]);
		press(lab.store, 'tab', 'enter');
		await jobsIdle(lab.store);
		expect(lab.store.getState().jobs[0]).toMatchObject({action: 'stop', node: 'pve3', state: 'ok'});
		expect(lab.transport.sim.state.guests.find((g) => g.vmid === 110)?.status).toBe('stopped');
	});
});
