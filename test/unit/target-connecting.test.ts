/**
 * openTarget says when the connection is under way (its code loaded, the connect started), so
 * the console loads its own modules during the connection's round trips rather than ahead of
 * them: over SSH that is while the host still has to answer, and never for a target that
 * could not even be tried.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, expect, it, vi} from 'vitest';
import {parseArgs} from '../../source/cli-args.js';
import {openTarget} from '../../source/target.js';

let home = '';
let server: Server | null = null;

beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), 'proxdeck-connecting-'));
	vi.stubEnv('HOME', home);
	vi.stubEnv('XDG_CONFIG_HOME', join(home, '.config'));
	vi.stubEnv('XDG_STATE_HOME', join(home, '.state'));
	vi.stubEnv('SSH_AUTH_SOCK', '');
});
afterEach(() => {
	server?.close();
	server = null;
	vi.unstubAllEnvs();
	rmSync(home, {recursive: true, force: true});
});

it('tells that an SSH connection is under way while the host has not answered yet', async () => {
	// A host that takes the TCP connection and says nothing: the SSH handshake waits on it.
	const sockets: Socket[] = [];
	let accepted!: () => void;
	const connected = new Promise<void>((resolve) => (accepted = resolve));
	server = createServer((socket) => {
		sockets.push(socket);
		accepted();
	});
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	const {options} = parseArgs(['--host', `root@127.0.0.1:${port}`]);
	let settled = false;
	let connecting = 0;
	const opening = openTarget(options, {
		interactive: false,
		firstRefresh: true,
		onConnecting: () => (connecting += 1),
	}).finally(() => (settled = true));
	await connected;
	await vi.waitFor(() => expect(connecting).toBe(1));
	expect(settled).toBe(false);
	// The host hangs up: the target does not open, and nothing was said twice.
	for (const socket of sockets) socket.destroy();
	const opened = await opening;
	expect(opened.ok).toBe(false);
	expect(connecting).toBe(1);
});

it('never tells it for a target that cannot be tried', async () => {
	const onConnecting = vi.fn();
	// No config file, so no context of that name: nothing to connect to.
	const {options} = parseArgs(['--context', 'nowhere']);
	const opened = await openTarget(options, {interactive: false, onConnecting});
	expect(opened).toMatchObject({ok: false});
	expect(onConnecting).not.toHaveBeenCalled();
});

it('tells it once for the demo, whose homelab is opened in the process', async () => {
	const onConnecting = vi.fn();
	const {options} = parseArgs(['--demo']);
	const opened = await openTarget(options, {onConnecting});
	expect(opened.ok).toBe(true);
	expect(onConnecting).toHaveBeenCalledTimes(1);
	if (opened.ok) await opened.transport.close();
});
