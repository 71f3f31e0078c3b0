import {describe, expect, it} from 'vitest';
import {
	InvalidValueError,
	assertBridge,
	assertCidr,
	assertContainerName,
	assertHostname,
	assertIpv4,
	assertPath,
	assertStorage,
	assertTag,
	assertVmid,
	validated,
} from '../../source/host/validate.js';

describe('values that go into host commands', () => {
	it('accepts what Proxmox accepts', () => {
		expect(assertVmid(200)).toBe(200);
		expect(assertVmid('900')).toBe(900);
		expect(assertHostname('postgresql-db')).toBe('postgresql-db');
		expect(assertStorage('local-lvm')).toBe('local-lvm');
		expect(assertBridge('vmbr2')).toBe('vmbr2');
		expect(assertCidr('10.0.30.10/24')).toBe('10.0.30.10/24');
		expect(assertCidr('dhcp')).toBe('dhcp');
		expect(assertIpv4('10.0.30.1')).toBe('10.0.30.1');
		expect(assertPath('/media-pool')).toBe('/media-pool');
		expect(assertTag('media')).toBe('media');
		expect(assertContainerName('nextcloud-app')).toBe('nextcloud-app');
	});

	it('refuses with a message naming the value and what is expected', () => {
		expect(() => assertVmid(99)).toThrow('invalid VMID "99": expected a whole number from 100 to 999999999');
		expect(() => assertHostname('db;reboot')).toThrow(/invalid hostname "db;reboot"/);
		expect(() => assertCidr('10.0.30.300/24')).toThrow(/invalid IP/);
		expect(() => assertCidr('10.0.30.10')).toThrow(/with prefix/);
		expect(() => assertBridge('vmbr0; rm -rf /')).toThrow(InvalidValueError);
		expect(() => assertPath('/media-pool,mp=/etc')).toThrow(/without commas/);
		expect(() => assertPath('/srv/../etc')).toThrow(InvalidValueError);
		expect(() => assertStorage('')).toThrow(/invalid storage/);
		expect(() => assertTag('a b')).toThrow(/invalid tag/);
	});

	it('validated() reports a refused value instead of throwing, and lets other errors through', () => {
		expect(validated(() => assertVmid('200'))).toEqual({ok: true, value: 200});
		const refused = validated(() => assertStorage('local-'));
		expect(refused.ok ? null : refused.error.message).toBe(
			'invalid storage "local-": expected a storage id like local-lvm',
		);
		expect(() => validated(() => JSON.parse('{'))).toThrow(SyntaxError);
	});
});
