/**
 * The job panel and the job's full output: problems first and whole (their hints too), the
 * panel scrolls, and `p` shows every line full screen.
 */
import {describe, it, expect, afterEach} from 'vitest';
import {jobsIdle} from '../../source/store/app-store.js';
import {renderApp, KEYS, type Harness} from './harness.js';
import {select, simStore} from './sim-store.js';

let harness: Harness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
});

/** The job panel's lines: from its title (the job's name) to its bottom border. */
function panel(frame: string, title: string): string[] {
	const lines = frame.split('\n');
	const at = lines.findIndex((l) => l.includes(title));
	const end = lines.findIndex((l, i) => i > at && /^[╰+]/.test(l));
	return lines.slice(at, end).map((l) => l.replace(/^[│|] ?|[│|]$/g, '').trimEnd());
}

describe('job panel', () => {
	it(':health shows the failures and warnings first, whole with their hints; the panel scrolls; P shows it all', async () => {
		const lab = simStore();
		await lab.load();
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		await harness.press(':', ...'health', KEYS.enter);
		await jobsIdle(lab.store);
		const frame = await harness.waitFor(
			(f) => /health everything: \d+ pass, \d+ warn, \d+ fail/.test(f),
			'the summary',
		);
		const job = lab.store.getState().jobs.at(-1)!;
		const problems = job.results!.filter((r) => r.state !== 'pass');
		expect(problems.length).toBeGreaterThan(0);
		const shown = panel(frame, 'health everything').join('\n');
		// The panel opens at the top: the summary, then the problems in order (more of them than
		// the panel holds, with the backup audit's), each with its hint, and no pass among them.
		expect(shown).toContain(`${problems[0]!.target} ${problems[0]!.check}:`);
		expect(shown).toContain(`${problems[1]!.target} ${problems[1]!.check}:`);
		expect(shown.indexOf(`${problems[0]!.target} ${problems[0]!.check}:`)).toBeLessThan(
			shown.indexOf(`${problems[1]!.target} ${problems[1]!.check}:`),
		);
		expect(shown).not.toContain('PASS ');
		expect(shown).toMatch(/hint: /);
		const title = panel(frame, 'health everything')[0]!;
		expect(title).toMatch(/lines 1-\d+ of \d+ · \[ \] scroll · P all/);
		await harness.press(']', ']');
		await harness.waitFor((f) => /lines 3-/.test(f), 'scrolled two lines');
		await harness.press('P');
		await harness.waitFor((f) => f.includes('Job output: health everything'), 'the full output');
		await harness.press('G');
		const lastResult = job.results!.at(-1)!;
		await harness.waitFor(
			(f) => f.includes('Job output') && f.includes(`PASS  ${lastResult.target} ${lastResult.check}:`),
			'the end of it',
		);
		await harness.press(KEYS.esc);
		await harness.waitFor((f) => f.includes('1 Guests'), 'back');
	});

	it('H on the Docker host at 200 columns: its FAIL line and hint are shown whole', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 111);
		harness = await renderApp(lab.store, {cols: 200, rows: 50});
		await harness.press('H');
		await jobsIdle(lab.store);
		const frame = await harness.waitFor((f) => /health docker \(111\): /.test(f), 'the summary');
		const shown = panel(frame, 'health docker (111)').join(' ').replace(/\s+/g, ' ');
		expect(shown).toContain(
			'FAIL ctr:111:qbittorrent state: qbittorrent (lscr.io/linuxserver/qbittorrent:latest) is restarting',
		);
		expect(shown).toContain('hint: LinuxServer.io image in a Proxmox container');
		expect(shown).toContain('or install the service natively in the LXC');
		expect(frame).not.toMatch(/ctr:111:qbittorrent[^\n]*…/);
	});

	it('inside the console a hint names the key, not the command to type in another shell', async () => {
		const lab = simStore();
		await lab.load();
		select(lab.store, 105);
		harness = await renderApp(lab.store, {cols: 120, rows: 40});
		await harness.press('x', KEYS.tab, KEYS.enter);
		await jobsIdle(lab.store);
		await lab.load();
		await harness.press(KEYS.esc, 'H');
		await jobsIdle(lab.store);
		let frame = await harness.waitFor((f) => /health immich \(105\): /.test(f), 'the health of the stopped guest');
		expect(frame).toContain('hint: select 105 in the guests pane and press u (start)');
		expect(frame).not.toContain('proxdeck start 105');
		// A remapped key is the one named.
		lab.store.setState({
			keyActions: lab.store.getState().keyActions.map((a) => (a.id === 'guests.start' ? {...a, keys: ['S']} : a)),
		});
		await harness.press('P');
		frame = await harness.waitFor((f) => f.includes('Job output'), 'the job output');
		expect(frame).toContain('hint: select 105 in the guests pane and press S (start)');
	});
});
