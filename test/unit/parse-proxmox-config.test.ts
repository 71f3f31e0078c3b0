import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseConfigsBundle} from '../../source/host/parse/configs-bundle.js';
import {decodeProxmoxText, parseGuestConfig} from '../../source/host/parse/guest-config.js';
import {configsFunctionDefinition, FILE_MARK} from '../../source/host/scripts.js';
import {fixturePath, listFixtures, readFixture} from '../helpers/fixtures.js';

function value<T>(result: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.message}`);
	return result.value;
}

const lxc = (file: string) => value(parseGuestConfig(readFixture(`pct-config/${file}`), 'lxc'));
const qemu = (file: string) => value(parseGuestConfig(readFixture(`qm-config/${file}`), 'qemu'));
const GiB = 1024 ** 3;

describe('parseGuestConfig (lxc)', () => {
	it('pct config 400: nesting, VLAN tag, zfs subvol, unprivileged', () => {
		const config = lxc('pct-config-400-unpriv-nesting-vlantag-zfs-subvol-pve8.4-cyberrange.txt');
		expect(config).toMatchObject({
			name: 'ghosts-api',
			unprivileged: true,
			onboot: false,
			memory: 4096,
			cores: 4,
			swap: 512,
			arch: 'amd64',
			ostype: 'debian',
		});
		expect(config.features).toEqual({nesting: '1'});
		expect(config.nics).toEqual([
			{
				name: 'net0',
				ifname: 'eth0',
				bridge: 'vmbr61',
				gw: '10.31.10.1',
				hwaddr: 'BC:24:11:B4:A2:12',
				ip: '10.31.10.50/24',
				tag: 10,
			},
		]);
		expect(config.mounts).toEqual([{key: 'rootfs', source: 'vmdata:subvol-400-disk-0', path: '/', size: 16 * GiB}]);
		expect(config.raw['searchdomain']).toBe('lab.local');
		expect(config.snapshots).toEqual([]);
	});

	it('pct config 101 (terraform): literal description, template 0, redacted ip', () => {
		const config = lxc('pct-config-101-unprivileged-tf-bpg250.txt');
		expect(config).toMatchObject({
			name: 'pivpn.home.arpa',
			description: '"Managed by TF"',
			template: false,
			onboot: true,
			memory: 256,
		});
		expect(config.nics[0]).toMatchObject({bridge: 'vmbr0', gw: '10.0.10.1', ip: '...'});
		expect(config.mounts[0]).toMatchObject({source: 'local-lvm:vm-101-disk-0', size: 4 * GiB});
	});

	it('two NICs with the public gw on net1, a host bind mount and lxc.idmap in order', () => {
		const config = lxc('conf-file-101-two-nics-net1-public-gw-lxc-idmap-openfoodfacts.txt');
		expect(config.nics.map((nic) => [nic.name, nic.bridge, nic.ip, nic.gw])).toEqual([
			['net0', 'vmbr1', '10.1.0.101/24', undefined],
			['net1', 'vmbr0', '213.36.253.214/27', '213.36.253.222'],
		]);
		expect(config.nics[1]?.ifname).toBe('net1');
		expect(config.mounts[1]).toEqual({key: 'mp0', source: '/zfs-hdd/off-pro/sftp', path: '/mnt/off-pro/sftp'});
		expect(config.mounts[0]?.size).toBe(32 * GiB);
		expect(config.lxcRaw).toEqual([
			['lxc.idmap', 'u 0 100000 999'],
			['lxc.idmap', 'g 0 100000 999'],
			['lxc.idmap', 'u 1000 1000 64536'],
			['lxc.idmap', 'g 1000 1000 64536'],
		]);
		expect(config.raw['lxc.idmap']).toBeUndefined();
		expect(config.raw['protection']).toBe('1');
	});

	it('NFS raw rootfs and community-script tags', () => {
		const config = lxc('conf-file-104-nfs-raw-rootfs-tags-sanitized-grundius1.txt');
		expect(config.tags).toEqual(['community-script', 'database']);
		expect(config.mounts[0]).toEqual({
			key: 'rootfs',
			source: 'NFS_ord2:104/vm-104-disk-0.raw',
			path: '/',
			size: 150 * GiB,
		});
		expect(config.features).toEqual({nesting: '1', keyctl: '1'});
	});

	it('three NICs: ip+gw, ip6+gw6, ip only', () => {
		const config = lxc('conf-file-3nics-pvecontainer-test.txt');
		expect(config.nics).toHaveLength(3);
		expect(config.nics[0]).toMatchObject({ip: '10.0.0.100/32', gw: '11.0.0.1', bridge: 'vmbr0'});
		expect(config.nics[1]).toMatchObject({ip6: 'fc00::1/64', gw6: 'fc00:1::ff', bridge: 'vmbr1', ifname: 'eth1'});
		expect(config.nics[1]?.ip).toBeUndefined();
		expect(config.nics[2]).toMatchObject({ip: '192.168.0.1/24', bridge: 'vmbr2', hwaddr: '32:44:55:66:77:88'});
		expect(config.mounts).toEqual([]);
	});

	it('pve-docs example: dhcp and a 7G raw rootfs', () => {
		const config = lxc('conf-file-example-pvedocs.txt');
		expect(config).toMatchObject({name: 'www', memory: 512, unprivileged: false});
		expect(config.nics[0]).toMatchObject({ip: 'dhcp', hwaddr: '66:64:66:64:64:36'});
		expect(config.mounts[0]?.size).toBe(7 * GiB);
	});

	it('lock, comment description and a snapshot section that must not override the current config', () => {
		const config = lxc('conf-file-lock-rollback-mp0-mp1-snapshot-pvecontainer-test.txt');
		expect(config.lock).toBe('rollback');
		expect(config.description).toBe(' should be preserved');
		expect(config.snapshots).toEqual(['test']);
		expect(config.name).toBe('test');
		expect(config.memory).toBe(2048);
		expect(config.raw['snaptime']).toBeUndefined();
		expect(config.mounts.map((mount) => [mount.key, mount.source, mount.path])).toEqual([
			['rootfs', 'local:snapshotable-disk-1', '/'],
			['mp0', 'local:snapshotable-disk-2', '/invalid/mp0'],
			['mp1', 'local:unsnapshotable-disk-1', '/invalid/mp1'],
		]);
		expect(config.nics[0]).toMatchObject({ip: 'dhcp', ip6: 'dhcp'});
	});

	it('ignores [PENDING] and decodes %xx in # description lines', () => {
		const text =
			'#first line%3A ok\n#caf%C3%A9\nhostname: web\nmp0: tank:subvol-1,mp=/data,ro=1,size=512M\n\n[PENDING]\nhostname: other\nmemory: 9999\n';
		const config = value(parseGuestConfig(text, 'lxc'));
		expect(config).toMatchObject({name: 'web', description: 'first line: ok\ncafé', snapshots: []});
		expect(config.memory).toBeUndefined();
		expect(config.mounts[0]).toEqual({
			key: 'mp0',
			source: 'tank:subvol-1',
			path: '/data',
			readonly: true,
			size: 512 * 1024 ** 2,
		});
	});
});

describe('parseGuestConfig (qemu)', () => {
	it('qm config 100: URL-encoded description, disks, virtio NIC', () => {
		const config = qemu('qm-config-100-hostpci-encoded-description-pve8.4-cyberrange.txt');
		expect(config.name).toBe('rick');
		expect(config.description?.split('\n')).toEqual([
			'**RICK** - the main Ubuntu workstation VM.',
			'Segment: vmbr0 / 10.20.0.152 - **the only segment with internet**.',
			'Runs: ollama (RTX 4090 passthrough), docker (rustdesk-server, immudb, ntfy, rem-qdrant), postgres.',
			'Disk: vmstore ZFS (migrated off raw passthrough 2026-08-01).',
		]);
		expect(config.nics).toEqual([{name: 'net0', model: 'virtio', hwaddr: 'BC:24:11:86:A8:43', bridge: 'vmbr0'}]);
		expect(config.mounts).toEqual([
			{key: 'efidisk0', source: 'local:100/vm-100-disk-0.raw', path: '', size: 528 * 1024},
			{key: 'scsi0', source: 'vmstore:vm-100-disk-0', path: '', size: 1953514592 * 1024},
		]);
		expect(config).toMatchObject({memory: 6144, cores: 12, onboot: true, ostype: 'l26', unprivileged: false});
		expect(config.raw['hostpci0']).toBe('0000:01:00,pcie=1');
	});

	it('qm config 170: tags, two NICs with firewall=0, cdrom skipped', () => {
		const config = qemu('qm-config-170-tags-net1-mtu-pve9.2-cyberrange.txt');
		expect(config.tags).toEqual(['range', 'sensor', 'siem']);
		expect(config.nics.map((nic) => [nic.bridge, nic.firewall, nic.hwaddr])).toEqual([
			['vmbr0', false, 'BC:24:11:E0:42:03'],
			['vmbr91', false, 'BC:24:11:A1:B6:38'],
		]);
		expect(config.mounts.map((mount) => mount.key)).toEqual(['efidisk0', 'scsi0']);
		expect(config.mounts[1]?.size).toBe(300 * GiB);
		expect(config.memory).toBe(40960);
	});

	it('cloud-init ipconfig gives net0 its address; model=/macaddr= form is read too', () => {
		const text =
			'name: ci\nnet0: model=e1000,macaddr=AA:BB:CC:DD:EE:01,bridge=vmbr1,tag=30\nipconfig0: ip=10.0.30.5/24,gw=10.0.30.1\n';
		const config = value(parseGuestConfig(text, 'qemu'));
		expect(config.nics).toEqual([
			{
				name: 'net0',
				model: 'e1000',
				hwaddr: 'AA:BB:CC:DD:EE:01',
				bridge: 'vmbr1',
				tag: 30,
				ip: '10.0.30.5/24',
				gw: '10.0.30.1',
			},
		]);
	});
});

describe('parseGuestConfig garbage', () => {
	it('fails with the command name and never throws', () => {
		for (const text of [
			'',
			'   \n',
			'<!DOCTYPE html><html><body>500</body></html>',
			'\x00\x01\xfe\xff{{{',
			'{"hostname": "x"',
		]) {
			const lxcResult = parseGuestConfig(text, 'lxc');
			expect(lxcResult.ok ? '' : lxcResult.error.command).toBe('pct config');
			const qmResult = parseGuestConfig(text, 'qemu');
			expect(qmResult.ok ? '' : qmResult.error.command).toBe('qm config');
		}
	});

	it('keeps going past a parse warning line from qm', () => {
		const result = parseGuestConfig("vm 103 - unable to parse value of 'usb0' - format error\nname: x\n", 'qemu');
		expect(result.ok && result.value.name).toBe('x');
		expect(result.ok && result.warnings?.length).toBe(1);
	});

	it('decodeProxmoxText leaves malformed escapes alone', () => {
		expect(decodeProxmoxText('100% done %zz %41')).toBe('100% done %zz A');
	});
});

describe('every config fixture parses', () => {
	for (const [folder, type] of [
		['pct-config', 'lxc'],
		['qm-config', 'qemu'],
	] as const) {
		for (const file of listFixtures(folder)) {
			it(`${folder}/${file}`, () => {
				const result = parseGuestConfig(readFixture(`${folder}/${file}`), type);
				expect(result.ok && result.warnings === undefined).toBe(true);
				expect(result.ok && result.value.name !== undefined && result.value.nics.length > 0).toBe(true);
			});
		}
	}
});

describe('parseConfigsBundle', () => {
	it('splits a hand-built bundle whatever the root', () => {
		const text = [
			`${FILE_MARK}/etc/pve/.vmlist`,
			'{\n"version": 3,\n"ids": {\n"400": { "node": "pve", "type": "lxc", "version": 2 },\n"170": { "node": "pve2", "type": "qemu", "version": 1 }}\n\n}',
			`${FILE_MARK}/etc/pve/nodes/pve/lxc/400.conf`,
			'hostname: ghosts-api',
			`${FILE_MARK}/tmp/x/nodes/pve2/qemu-server/170.conf`,
			'name: so01',
			`${FILE_MARK}/etc/pve/nodes/pve/lxc/notes.txt`,
			'stray',
			'',
		].join('\n');
		const result = parseConfigsBundle(text);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.vmlist?.guests.map((guest) => guest.vmid)).toEqual([170, 400]);
		expect(result.value.configs).toEqual([
			{vmid: 400, node: 'pve', type: 'lxc', text: 'hostname: ghosts-api\n'},
			{vmid: 170, node: 'pve2', type: 'qemu', text: 'name: so01\n'},
		]);
		expect(result.warnings).toEqual(['unexpected file in the bundle: /etc/pve/nodes/pve/lxc/notes.txt']);
	});

	it('fails on output with no file markers', () => {
		const result = parseConfigsBundle('awk: cannot open /etc/pve/.vmlist (Permission denied)\n');
		expect(result.ok ? '' : result.error.command).toBe('pd_configs');
	});

	const root = mkdtempSync(join(tmpdir(), 'pd-configs-'));
	afterAll(() => rmSync(root, {recursive: true, force: true}));

	it('reads real pd_configs output: only configs whose version changed come back', () => {
		mkdirSync(join(root, 'nodes', 'pve', 'lxc'), {recursive: true});
		mkdirSync(join(root, 'nodes', 'pve2', 'qemu-server'), {recursive: true});
		writeFileSync(
			join(root, '.vmlist'),
			'{\n"version": 12,\n"ids": {\n"100": { "node": "pve", "type": "lxc", "version": 5 },\n"400": { "node": "pve", "type": "lxc", "version": 7 },\n"170": { "node": "pve2", "type": "qemu", "version": 2 }}\n\n}\n',
		);
		copyFileSync(
			fixturePath('pct-config/conf-file-example-pvedocs.txt'),
			join(root, 'nodes', 'pve', 'lxc', '100.conf'),
		);
		copyFileSync(
			fixturePath('pct-config/pct-config-400-unpriv-nesting-vlantag-zfs-subvol-pve8.4-cyberrange.txt'),
			join(root, 'nodes', 'pve', 'lxc', '400.conf'),
		);
		copyFileSync(
			fixturePath('qm-config/qm-config-170-tags-net1-mtu-pve9.2-cyberrange.txt'),
			join(root, 'nodes', 'pve2', 'qemu-server', '170.conf'),
		);
		// 100 is known at its current version; 400 is known at an older one; 170 is new.
		const script = `${configsFunctionDefinition(root)}\npd_configs "100:5 400:6"`;
		const output = execFileSync('sh', ['-c', script], {encoding: 'utf8'});
		const bundle = value(parseConfigsBundle(output));
		expect(bundle.vmlist?.version).toBe(12);
		expect(bundle.vmlist?.guests).toHaveLength(3);
		expect(bundle.configs.map((config) => [config.vmid, config.node, config.type]).sort()).toEqual([
			[170, 'pve2', 'qemu'],
			[400, 'pve', 'lxc'],
		]);
		const ct400 = bundle.configs.find((config) => config.vmid === 400);
		expect(ct400?.text).toBe(
			readFixture('pct-config/pct-config-400-unpriv-nesting-vlantag-zfs-subvol-pve8.4-cyberrange.txt'),
		);
		const vm170 = value(parseGuestConfig(bundle.configs.find((config) => config.vmid === 170)?.text ?? '', 'qemu'));
		expect(vm170.name).toBe('so01');
	});

	it('a config line that starts like a file header stays a line of that config', () => {
		const forgedRoot = join(root, 'forged');
		mkdirSync(join(forgedRoot, 'nodes', 'pve', 'lxc'), {recursive: true});
		writeFileSync(
			join(forgedRoot, '.vmlist'),
			'{\n"version": 1,\n"ids": {\n"100": { "node": "pve", "type": "lxc", "version": 1 }}\n\n}\n',
		);
		writeFileSync(
			join(forgedRoot, 'nodes', 'pve', 'lxc', '100.conf'),
			`hostname: web\n${FILE_MARK}${forgedRoot}/nodes/pve/lxc/666.conf\nhostname: forged\n`,
		);
		const output = execFileSync('sh', ['-c', `${configsFunctionDefinition(forgedRoot)}\npd_configs ""`], {
			encoding: 'utf8',
		});
		const bundle = value(parseConfigsBundle(output));
		expect(bundle.configs.map((config) => config.vmid)).toEqual([100]);
		expect(bundle.configs[0]?.text).toBe(
			`hostname: web\n^^PDFILE ${forgedRoot}/nodes/pve/lxc/666.conf\nhostname: forged\n`,
		);
	});
});
