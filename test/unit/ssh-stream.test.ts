/**
 * The log stream on ssh across a lost link, with the events in the orders ssh2 delivers them:
 * the channel's `close` may come a few milliseconds before (or after) the connection's loss.
 * Driven with stand-in channels, so each order is played exactly, every time.
 */
import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import type {SshClient} from '../../source/transport/ssh-connect.js';
import {LOSS_GRACE_MS, SshStream} from '../../source/transport/ssh-stream.js';

class FakeChannel extends EventEmitter {
	readonly stderr = new EventEmitter();
	closed = false;
	close(): void {
		this.closed = true;
	}
	signal(): void {}
	print(text: string): void {
		this.emit('data', Buffer.from(text));
	}
}

/** A client whose every exec opens a new FakeChannel (or fails, once the link is down). */
function fakeClient(): {client: SshClient; channels: FakeChannel[]; down: () => void} {
	const channels: FakeChannel[] = [];
	let up = true;
	const client = {
		exec(_command: string, callback: (error: Error | undefined, channel: FakeChannel) => void) {
			queueMicrotask(() => {
				if (!up) return callback(new Error('Not connected'), undefined as unknown as FakeChannel);
				const channel = new FakeChannel();
				channels.push(channel);
				callback(undefined, channel);
			});
		},
	} as unknown as SshClient;
	return {client, channels, down: () => (up = false)};
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const settle = (): Promise<void> => sleep(5);

function startStream(client: SshClient) {
	const lines: string[] = [];
	const ends: unknown[] = [];
	const stream = new SshStream(
		'journalctl -f',
		{onLine: (line) => lines.push(line), onEnd: (end) => ends.push(end)},
		() => {},
		() => {},
	);
	stream.reopen(client);
	return {stream, lines, ends};
}

describe('a log stream on ssh when the link drops', () => {
	for (const gap of [1, 2, 3, 50]) {
		it(`the channel closes ${gap} ms before the connection reports its loss: the stream starts again after the reconnect`, async () => {
			const first = fakeClient();
			const {stream, lines, ends} = startStream(first.client);
			await settle();
			first.channels[0]!.print('one\npartial');
			first.down();
			first.channels[0]!.emit('close');
			await sleep(gap);
			stream.connectionLost();
			// The reconnect, a while later, on a new connection.
			await sleep(LOSS_GRACE_MS + 50);
			const second = fakeClient();
			stream.reopen(second.client);
			await settle();
			second.channels[0]!.print('two\n');
			expect(lines).toEqual(['one', 'two']);
			expect(ends).toEqual([]);
			// Nothing was tried on the dead connection in between.
			expect(first.channels).toHaveLength(1);
		});
	}

	it('the command is killed as the host goes down (an exit signal, then the loss): it starts again after the reconnect', async () => {
		const first = fakeClient();
		const {stream, lines, ends} = startStream(first.client);
		await settle();
		first.channels[0]!.emit('exit', null, 'KILL');
		first.channels[0]!.emit('close');
		await sleep(2);
		stream.connectionLost();
		const second = fakeClient();
		stream.reopen(second.client);
		await settle();
		second.channels[0]!.print('back\n');
		expect(lines).toEqual(['back']);
		expect(ends).toEqual([]);
	});

	it('the connection reports its loss first, then the channel closes: the same', async () => {
		const first = fakeClient();
		const {stream, lines, ends} = startStream(first.client);
		await settle();
		stream.connectionLost();
		first.channels[0]!.emit('close');
		const second = fakeClient();
		stream.reopen(second.client);
		await settle();
		second.channels[0]!.print('again\n');
		expect(lines).toEqual(['again']);
		expect(ends).toEqual([]);
	});

	it('a channel cut off while the link stays up is started again on the same connection', async () => {
		const link = fakeClient();
		const {lines, ends} = startStream(link.client);
		await settle();
		link.channels[0]!.print('before\n');
		link.channels[0]!.emit('close');
		await sleep(LOSS_GRACE_MS + 50);
		expect(link.channels).toHaveLength(2);
		link.channels[1]!.print('after\n');
		expect(lines).toEqual(['before', 'after']);
		expect(ends).toEqual([]);
	});

	it('a command that keeps dying at once, with the link up, ends the stream after a few tries and says why', async () => {
		const link = fakeClient();
		const {ends} = startStream(link.client);
		for (let i = 0; i < 4; i++) {
			await settle();
			link.channels.at(-1)!.emit('close');
			await sleep(LOSS_GRACE_MS + 30);
		}
		expect(link.channels).toHaveLength(4);
		expect(ends).toEqual([{code: null, reason: 'its channel closed without an exit status'}]);
	});

	it('a command that exits ends the stream with its code, its last line delivered', async () => {
		const link = fakeClient();
		const {lines, ends} = startStream(link.client);
		await settle();
		link.channels[0]!.print('last line without newline');
		link.channels[0]!.emit('exit', 1);
		link.channels[0]!.emit('close');
		// Once it is clear the link did not go down with it.
		expect(ends).toEqual([]);
		await sleep(LOSS_GRACE_MS + 30);
		expect(lines).toEqual(['last line without newline']);
		expect(ends).toEqual([{code: 1}]);
	});
});
