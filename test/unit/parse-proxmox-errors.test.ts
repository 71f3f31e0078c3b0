import {describe, expect, it} from 'vitest';
import {classifyProxmoxError} from '../../source/host/parse/proxmox-errors.js';
import {listFixtures, readFixture} from '../helpers/fixtures.js';

const classify = (file: string) => classifyProxmoxError(readFixture(`errors/${file}`));

describe('classifyProxmoxError on real error output', () => {
	it('s6 socketbinder permission denied (LinuxServer.io image in an LXC)', () => {
		const error = classify('s6-socketbinder-permission-denied-lsio-calibreweb358.txt');
		expect(error.kind).toBe('s6-socket-permission');
		expect(error.detail).toBe('s6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied');
		expect(error.hint).toBe(
			'LinuxServer.io image in a Proxmox container: use the official image or install natively in the LXC',
		);
	});

	it('busy .conf.tmp during pct create is device-busy for CT 103', () => {
		const error = classify('pct-create-conf-tmp-device-busy-tteck2749.txt');
		expect(error).toMatchObject({kind: 'device-busy', vmid: 103});
		expect(error.detail).toBe(
			"unable to create CT 103 - unable to open file '/etc/pve/nodes/pve5/lxc/103.conf.tmp.3428' - Device or resource busy",
		);
	});

	it('tar extract failure is create-failed for CT 109, spinner debris removed', () => {
		const error = classify('pct-create-tar-extract-failed-communityscripts248.txt');
		expect(error).toMatchObject({kind: 'create-failed', vmid: 109});
		expect(error.detail.startsWith('unable to create CT 109 - command ')).toBe(true);
		expect(error.detail.endsWith('failed: exit code 2')).toBe(true);
	});

	it('missing config: TASK ERROR prefix stripped; script prefix cut', () => {
		expect(classify('pct-start-config-does-not-exist-tteck1226.txt')).toMatchObject({
			kind: 'config-missing',
			vmid: 101,
			detail: "Configuration file 'nodes/pve/lxc/101.conf' does not exist",
		});
		expect(classify('pct-start-config-does-not-exist-tteck1232.txt')).toMatchObject({
			kind: 'config-missing',
			vmid: 105,
			detail: "Configuration file 'nodes/home/lxc/105.conf' does not exist",
		});
	});

	it('pre-start hook failure is start-failed for CT 101 with a --debug hint', () => {
		const error = classify('pct-start-debug-prestart-hook-failed-pxvirt120.txt');
		expect(error).toMatchObject({kind: 'start-failed', vmid: 101});
		expect(error.detail).toBe('lxc_init: 845 Failed to run lxc.hook.pre-start for container "101"');
		expect(error.hint).toBe('see why with: pct start 101 --debug');
	});

	it('unable to get PID is not-running for CT 102', () => {
		expect(classify('pct-start-not-running-whiskerz007-20.txt')).toMatchObject({
			kind: 'not-running',
			vmid: 102,
			detail: 'unable to get PID for CT 102 (not running?)',
			hint: 'start it first: pct start 102',
		});
	});

	it('API already-exists with placeholders has no vmid', () => {
		const error = classify('api-ct-already-exists-placeholders-communityproxmox178.txt');
		expect(error.kind).toBe('already-exists');
		expect(error.vmid).toBeUndefined();
		expect(error.detail).toBe("CT <CTID> already exists on node '<node name>'");
	});
});

describe('classifyProxmoxError on the source templates, filled in', () => {
	it('each template maps to its kind', () => {
		expect(classifyProxmoxError("CT 200 already exists on node 'pve'")).toMatchObject({
			kind: 'already-exists',
			vmid: 200,
		});
		expect(classifyProxmoxError("unable to create VM 9100 - VM 9100 already exists on node 'pve12t'")).toMatchObject({
			kind: 'already-exists',
			vmid: 9100,
		});
		expect(classifyProxmoxError('CT is locked (backup)')).toMatchObject({
			kind: 'locked',
			detail: 'CT is locked (backup)',
		});
		expect(classifyProxmoxError('TASK ERROR: CT 200 already running')).toMatchObject({
			kind: 'already-running',
			vmid: 200,
			detail: 'CT 200 already running',
		});
		expect(classifyProxmoxError('CT 200 not running')).toMatchObject({kind: 'not-running', vmid: 200});
		expect(classifyProxmoxError("startup for container '300' failed")).toMatchObject({kind: 'start-failed', vmid: 300});
		expect(classifyProxmoxError('unable to restore CT 120 - some volume failed')).toMatchObject({
			kind: 'create-failed',
			vmid: 120,
		});
	});

	it('no space left gives the resize hint', () => {
		const error = classifyProxmoxError(
			'tar: ./usr/lib/x.so: Cannot write: No space left on device\nunable to create CT 150 - command failed',
		);
		expect(error).toMatchObject({
			kind: 'no-space',
			vmid: 150,
			detail: 'tar: ./usr/lib/x.so: Cannot write: No space left on device',
		});
		expect(error.hint).toBe('resize the rootfs (pct resize 150 rootfs +NG) or move data to a pool mount');
		expect(classifyProxmoxError('write error: No space left on device').hint).toBe(
			'resize the rootfs (pct resize <vmid> rootfs +NG) or move data to a pool mount',
		);
	});

	it('unknown keeps the first non-empty line and never throws', () => {
		expect(classifyProxmoxError('\n\n  something odd happened\nmore')).toEqual({
			kind: 'unknown',
			detail: 'something odd happened',
		});
		expect(classifyProxmoxError('')).toEqual({kind: 'unknown', detail: ''});
		expect(classifyProxmoxError('\x00\xff\x1b[31m')).toMatchObject({kind: 'unknown'});
		expect(classifyProxmoxError(undefined as unknown as string)).toMatchObject({kind: 'unknown'});
	});
});

describe('every error fixture is recognised', () => {
	for (const file of listFixtures('errors')) {
		it(`errors/${file}`, () => {
			const error = classify(file);
			expect(error.kind).not.toBe('unknown');
			expect(error.detail).not.toBe('');
		});
	}
});

describe('no Proxmox parser throws on arbitrary input', () => {
	it('returns a ParseResult (or a classification) for random strings', async () => {
		const fc = await import('fast-check');
		const modules = await Promise.all([
			import('../../source/host/parse/pvesh-resources.js'),
			import('../../source/host/parse/cluster-status.js'),
			import('../../source/host/parse/vmlist.js'),
			import('../../source/host/parse/configs-bundle.js'),
			import('../../source/host/parse/pveam.js'),
			import('../../source/host/parse/guest-config.js'),
		]);
		const parsers = modules.flatMap((module) =>
			Object.entries(module).filter(
				([name, fn]) => name.startsWith('parse') && typeof fn === 'function' && name !== 'parseJson',
			),
		) as [string, (text: string, type: 'lxc') => {ok: boolean} | Promise<{ok: boolean}>][];
		expect(parsers.length).toBeGreaterThanOrEqual(10);
		// Some parsers read large outputs in pieces with turns of the event loop between: awaited alike.
		await fc.assert(
			fc.asyncProperty(fc.string({unit: 'binary', maxLength: 300}), async (text) => {
				for (const [, parse] of parsers) expect(typeof (await parse(text, 'lxc')).ok).toBe('boolean');
				expect(typeof classifyProxmoxError(text).kind).toBe('string');
			}),
			{numRuns: 300},
		);
	});
});
