/**
 * The test host's command shim: `node pd-sim.mjs <command> [args...]` answers like the real
 * Proxmox binary would, from the state file in $PROXDECK_SIM_STATE (locked while it changes),
 * re-renders the /etc/pve tree in $PROXDECK_SIM_PVE_DIR when a config changed, and exits with
 * the command's code. Follows (`journalctl -f`, `docker logs -f`) keep printing new lines
 * every second until killed. `pd-sim fault <name> [json]` / `pd-sim clear [name]` set faults.
 */
import process from 'node:process';
import {SimClock} from './clock.js';
import {runSimCommand} from './commands.js';
import {faultControl, type FaultName} from './faults.js';
import {renderPveTree} from './pve-tree.js';
import {
	acquireLock,
	readStateWithVersion,
	unchangedSince,
	withState,
	writeStateText,
	type StateRead,
} from './state-file.js';
import {firstLines, nextLines, planStream} from './stream-plan.js';
import type {SimResult} from './faults.js';
import type {SimState} from './types.js';

const ACL_DENIED =
	'ipcc_send_rec[1] failed: Permission denied\nipcc_send_rec[2] failed: Permission denied\nipcc_send_rec[3] failed: Permission denied\nUnable to load access control list: Permission denied\n';

/** What Proxmox's tools say to a user that is not root. */
const ROOT_ONLY: Record<string, {text: string; code: number}> = {
	pvesh: {text: ACL_DENIED, code: 255},
	pct: {text: ACL_DENIED, code: 255},
	qm: {text: ACL_DENIED, code: 255},
	wg: {text: 'Unable to access interface: Operation not permitted\n', code: 1},
};

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
	return new Promise((resolve) => (text === '' ? resolve() : stream.write(text, () => resolve())));
}

function readStateRetrying(file: string): StateRead {
	for (let i = 0; ; i++) {
		try {
			return readStateWithVersion(file);
		} catch (error) {
			if (i > 20) throw error;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
		}
	}
}

async function follow(
	stateFile: string,
	argv: string[],
	node: string | undefined,
	initial: StateRead,
): Promise<number | null> {
	let read = initial;
	let state = read.state;
	const on = (): string => node ?? state.localNode;
	let plan = planStream({state, now: Date.now(), node: on()}, argv);
	if (plan.kind === 'once') return null;
	if (plan.kind === 'error') {
		await write(process.stderr, plan.result.stderr);
		return plan.result.code;
	}
	const first = firstLines({state, now: Date.now(), node: on()}, plan);
	let cursor = first.cursor;
	const print = async (lines: typeof first.lines): Promise<void> => {
		for (const line of lines)
			await write(
				line.stderr ? process.stderr : process.stdout,
				`${plan.kind === 'follow' ? plan.format(line) : ''}\n`,
			);
	};
	await print(first.lines);
	process.stdout.on('error', () => process.exit(0));
	for (;;) {
		await sleep(1000);
		// A follow lives for hours: the state is parsed again only when another process wrote it.
		if (!unchangedSince(stateFile, read)) read = readStateRetrying(stateFile);
		state = read.state;
		const next = planStream({state, now: Date.now(), node: on()}, argv);
		if (next.kind === 'error') {
			await write(process.stderr, next.result.stderr);
			return next.result.code;
		}
		if (next.kind !== 'follow') return 0;
		plan = next;
		const batch = nextLines({state, now: Date.now(), node: on()}, next, cursor);
		cursor = batch.cursor;
		await print(batch.lines);
	}
}

function control(stateFile: string, args: string[]): number {
	const [action, name, value] = args;
	withState(stateFile, (state) => {
		const faults = faultControl(
			() => state,
			() => Date.now(),
		);
		if (action === 'clear') faults.clear(name as FaultName | undefined);
		else if (action === 'fault' && name)
			state.faults = {...state.faults, [name]: value === undefined ? true : JSON.parse(value)};
		else if (action === 'set' && name)
			(state as unknown as Record<string, unknown>)[name] = JSON.parse(value ?? 'null');
	});
	return 0;
}

async function main(): Promise<number> {
	const stateFile = process.env['PROXDECK_SIM_STATE'];
	const pveDir = process.env['PROXDECK_SIM_PVE_DIR'];
	// The node this host is in the simulated cluster (a second test node sets it); default the connected one.
	const node = process.env['PROXDECK_SIM_NODE'] || undefined;
	const argv = process.argv.slice(2);
	if (!stateFile) {
		await write(process.stderr, 'pd-sim: PROXDECK_SIM_STATE is not set\n');
		return 2;
	}
	if (argv[0] === 'pd-sim') return control(stateFile, argv.slice(1));
	const read = readStateRetrying(stateFile);
	if (read.state.faults.latencyMs) await sleep(read.state.faults.latencyMs);
	const root = typeof process.getuid !== 'function' || process.getuid() === 0;
	if (!root && ROOT_ONLY[argv[0] ?? '']) {
		await write(process.stderr, ROOT_ONLY[argv[0] ?? '']!.text);
		return ROOT_ONLY[argv[0] ?? '']!.code;
	}
	const followed = await follow(stateFile, argv, node, read);
	if (followed !== null) return followed;
	const result = root ? answerAsRoot(stateFile, pveDir, argv, node, read) : answer(read.state, argv, node);
	await write(process.stdout, result.stdout);
	await write(process.stderr, result.stderr);
	return result.code;
}

function answer(state: SimState, argv: string[], node: string | undefined): SimResult {
	return runSimCommand(state, new SimClock({realTime: true}), argv, node);
}

/**
 * Root may change the shared state. Most commands only read it (a refresh is a dozen of them
 * at once), so the command runs on the state already read, without the lock; only when it
 * changed something is the lock taken, and the command run again on the newest state if
 * another process wrote in between, so no write is lost and no reader waits for another.
 */
function answerAsRoot(
	stateFile: string,
	pveDir: string | undefined,
	argv: string[],
	node: string | undefined,
	read: StateRead,
): SimResult {
	const versions = (state: SimState): string => `${state.cfsVersion}/${state.vmlistVersion}`;
	let before = versions(read.state);
	let result = answer(read.state, argv, node);
	let json = JSON.stringify(read.state);
	if (`${json}\n` === read.text) return result;
	const release = acquireLock(stateFile);
	try {
		let state = read.state;
		if (!unchangedSince(stateFile, read)) {
			const newest = readStateWithVersion(stateFile);
			state = newest.state;
			before = versions(state);
			result = answer(state, argv, node);
			json = JSON.stringify(state);
			if (`${json}\n` === newest.text) return result;
		}
		writeStateText(stateFile, json);
		if (pveDir && versions(state) !== before) renderPveTree(state, pveDir);
		return result;
	} finally {
		release();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`pd-sim: ${(error as Error).stack ?? String(error)}\n`);
		process.exitCode = 70;
	},
);
