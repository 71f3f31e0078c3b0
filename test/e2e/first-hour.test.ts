/**
 * What a new operator meets in the first hour, in a real terminal: tmux on its own socket,
 * proxdeck started as the README says (`npm start`, or the built file with node), keys sent
 * with send-keys and the screen read with capture-pane.
 */
import {describe, it, expect, beforeAll, afterAll} from 'vitest';
import {spawnSync} from 'node:child_process';
import {refreshShown, requireTmux, root, TmuxServer} from './tmux-session.js';

const tmux = new TmuxServer();

describe.skipIf(!requireTmux('the first-hour end-to-end test'))('the first hour, in tmux', () => {
	beforeAll(() => tmux.run('start-server'));
	afterAll(() => tmux.kill());

	it('console output written while drawing never lands on the screen; it is printed after', async () => {
		const s = 'console-writer';
		tmux.start(s, 100, 30, 'npm start --silent', {NODE_OPTIONS: '--import ./test/e2e/console-writer.mjs'});
		await tmux.waitFor(s, (screen) => screen.includes('1 Guests') && refreshShown(screen), 'the console', 60_000);
		const screen = await tmux.waitFor(s, (text) => text.includes('written to the console'), 'the notice');
		const lines = screen.split('\n');
		expect(lines[0]).toMatch(/^proxdeck /);
		expect(screen).not.toContain('a component wrote');
		expect(lines[28]).toMatch(/1 message written to the console while drawing: see \? help/);
		tmux.keys(s, '?');
		await tmux.waitFor(s, (text) => text.includes('Warning: a component wrote to the console'), 'the message in help');
		tmux.keys(s, 'q', 'q');
		const after = await tmux.waitFor(s, (text) => text.includes('[exited'), 'the exit');
		expect(after).toContain('proxdeck: written to the console while the screen was drawn:');
		expect(after).toContain('  Warning: a component wrote to the console');
		expect(after).toContain('[exited 0]');
	}, 120_000);

	it('a non-UTF-8 locale with NO_COLOR: only ASCII reaches the terminal, focus and selection still show', async () => {
		const s = 'ascii';
		tmux.start(s, 120, 40, 'npm start --silent', {LANG: 'C', NO_COLOR: '1'});
		await tmux.waitFor(s, (screen) => screen.includes('1 Guests') && refreshShown(screen), 'the console', 60_000);
		const seen: string[] = [];
		const step = async (key: string, what: string, until: (screen: string) => boolean) => {
			tmux.keys(s, key);
			await tmux.waitFor(s, until, what);
			seen.push(tmux.capture(s, {escapes: true}));
		};
		const row = (screen: string, text: string) => screen.split('\n').find((line) => line.includes(text)) ?? '';
		await step('2', 'the ZFS pane', (screen) => row(screen, 'media-pool ').includes('>media-pool'));
		await step('j', 'the next pool', (screen) => row(screen, 'service-pool ').includes('>service-pool'));
		// The focused pane (ZFS, on the right) has its own border; the guests pane the plain one.
		expect(seen[1]!.split('\n')[1]).toMatch(/^\+-+\+#=+#$/);
		await step('3', 'the network pane', (screen) => screen.includes('3 Network / VPN'));
		await step('4', 'the logs pane', (screen) => screen.includes('4 Logs'));
		await step('?', 'help', (screen) => screen.includes('? or q to close'));
		await step('G', 'the end of help', (screen) => screen.includes('Guest filter (/)'));
		await step('Escape', 'the logs pane again', (screen) => screen.includes('4 Logs'));
		await step('1', 'the guests pane', (screen) => screen.includes('1 Guests'));
		await step('Enter', 'a guest detail', (screen) => screen.includes('NICS ('));
		for (const screen of seen) expect(screen.match(/[^\u0000-\u007F]/gu) ?? []).toEqual([]);
		// No colour: no SGR colour codes at all.
		for (const screen of seen) expect(screen).not.toMatch(/\u001B\[3[0-7]m/);
		tmux.keys(s, 'q', 'q');
		await tmux.waitFor(s, (text) => text.includes('[exited 0]'), 'the exit');
	}, 120_000);

	it('the command line says what is wrong with a flag, and refuses flags that contradict each other', async () => {
		const s = 'flags';
		const tries = ['--interval -1', '--readonly --write', '--once --json --pane zfs'];
		const script = tries.map((flags) => `npm run -s proxdeck -- --demo ${flags}; echo "=> $?"`).join('; ');
		tmux.start(s, 200, 20, `sh -c '${script}'`);
		const screen = await tmux.waitFor(s, (text) => text.includes('[exited'), 'the three commands', 60_000);
		expect(screen).toContain('proxdeck: --interval wants seconds from 0.5 to 3600, not "-1"');
		expect(screen).toContain('proxdeck: --readonly and --write contradict each other: give one');
		expect(screen).toContain('proxdeck: --pane picks the tables of one pane; --json prints the whole snapshot');
		expect(screen.match(/=> 2/g)).toHaveLength(3);
	}, 120_000);

	it('counts read in the right number: 1 tunnel, not 1 tunnels', async () => {
		const s = 'grammar';
		tmux.start(s, 200, 50, 'npm start --silent');
		const screen = await tmux.waitFor(
			s,
			(text) => text.includes('3 Network / VPN') && refreshShown(text),
			'the grid',
			60_000,
		);
		expect(screen).toMatch(/3 bridges · 1 tunnel\b/);
		expect(screen).not.toContain('1 tunnels');
		tmux.keys(s, 'q');
		await tmux.waitFor(s, (text) => text.includes('[exited 0]'), 'the exit');
	}, 120_000);

	it('the network pane warns about what health, --json and --prometheus report, and nothing else', async () => {
		const s = 'agree';
		tmux.start(s, 200, 50, 'npm start --silent');
		const screen = await tmux.waitFor(
			s,
			(text) => text.includes('3 Network / VPN') && refreshShown(text),
			'the grid',
			60_000,
		);
		const warnings = screen.split('\n').filter((line) => /⚠ (LEAK|STALE|DOWN) /.test(line));
		tmux.keys(s, 'q');
		await tmux.waitFor(s, (text) => text.includes('[exited 0]'), 'the exit');
		const cli = (...args: string[]) =>
			spawnSync('npm', ['run', '-s', 'proxdeck', '--', '--demo', ...args], {cwd: root, encoding: 'utf8'}).stdout;
		const isNetwork = (r: {target: string; check: string}) =>
			/^(vpn|bridge):/.test(r.target) || r.check.startsWith('vpn-leak:');
		type Result = {target: string; check: string; state: string};
		const report = JSON.parse(cli('health', '--json')) as {results: Result[]};
		const flagged = report.results.filter((r) => isNetwork(r) && r.state !== 'pass');
		expect(warnings).toHaveLength(flagged.length);
		const snapshot = JSON.parse(cli('--once', '--json')) as {health: Result[]};
		expect(snapshot.health.filter((r) => isNetwork(r) && r.state !== 'pass')).toHaveLength(flagged.length);
		const prometheus = cli('health', '--prometheus')
			.split('\n')
			.filter((line) => /^proxdeck_health_state\{.*target="(vpn|bridge):.*\} [12]$/.test(line));
		expect(prometheus).toHaveLength(
			flagged.filter((r) => r.target.startsWith('vpn:') || r.target.startsWith('bridge:')).length,
		);
		// The demo's road-warrior slot never connected: waiting for its client is no warning.
		expect(screen).not.toMatch(/STALE .*never/);
		expect(
			report.results.find(
				(r) =>
					r.target.startsWith('vpn:') &&
					r.state === 'pass' &&
					/waiting for its client/.test((r as {detail?: string}).detail ?? ''),
			),
		).toBeDefined();
	}, 120_000);
});
