import {describe, expect, it} from 'vitest';
import {createLocalTransport} from '../../source/transport/local.js';

describe('local transport', () => {
	const local = createLocalTransport({sudo: true});

	it('runs sh -c scripts with stdout, stderr and the exit code apart, keeping the final newline', async () => {
		const result = await local.exec("echo out; echo err >&2; printf 'x\\n'; exit 4");
		expect(result).toMatchObject({stdout: 'out\nx\n', stderr: 'err\n', code: 4});
		expect(local.kind).toBe('local');
		expect(local.sudo).toBe(true);
		expect(local.state().kind).toBe('connected');
	});

	it('reports a timeout and an abort as interruptions', async () => {
		expect(await local.exec('sleep 10', {timeoutMs: 100})).toMatchObject({code: null, interrupted: 'timeout'});
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		expect(await local.exec('sleep 10', {signal: controller.signal})).toMatchObject({
			code: null,
			interrupted: 'aborted',
		});
	});

	it('streams lines of both outputs and ends with the exit code', async () => {
		const lines: string[] = [];
		const handle = local.stream("echo one; echo two >&2; printf 'three'; exit 2", {
			onLine: (line, stream) => lines.push(`${stream}:${line}`),
		});
		expect(await handle.done).toEqual({code: 2});
		expect(lines.sort()).toEqual(['stderr:two', 'stdout:one', 'stdout:three']);
	});

	it('stops a stream on request', async () => {
		const lines: string[] = [];
		const handle = local.stream('while true; do echo tick; sleep 0.05; done', {onLine: (line) => lines.push(line)});
		await expect.poll(() => lines.length).toBeGreaterThan(1);
		handle.stop();
		expect(await handle.done).toEqual({code: null, reason: 'stopped'});
		expect(local.stats()).toMatchObject({streams: 2});
	});
});
