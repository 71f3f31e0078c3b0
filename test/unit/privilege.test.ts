import {describe, expect, it} from 'vitest';
import {
	parseProbe,
	privilegeMessage,
	probeProblem,
	SUDOERS_DROPIN,
	type HostProbe,
} from '../../source/host/privilege.js';

const alice: HostProbe = {user: 'alice', uid: 1000, host: 'pve', isRoot: false, hasPvesh: true, sudo: 'missing'};

describe('parseProbe', () => {
	it('reads the framed answers of the one probe exec', () => {
		expect(parseProbe('user=alice\nuid=1000\nhost=pve\npvesh=yes\nsudo=password\n')).toEqual({
			...alice,
			sudo: 'password',
		});
		expect(parseProbe('user=root\nuid=0\nhost=pve\npvesh=no\nsudo=not-needed\n')).toMatchObject({
			isRoot: true,
			hasPvesh: false,
		});
		expect(parseProbe('Welcome to pve!\n')).toBeNull();
	});
});

describe('privilegeMessage', () => {
	it('explains a missing sudo in one sentence with the fix', () => {
		expect(privilegeMessage(alice)).toBe(
			"proxdeck logs in as 'alice', who is not root, and sudo is not installed on pve: install sudo and add /etc/sudoers.d/proxdeck (see README: Non-root users), or connect as root.",
		);
	});

	it('explains a sudo that wants a password', () => {
		expect(privilegeMessage({...alice, sudo: 'password'})).toBe(
			"proxdeck logs in as 'alice', who is not root, and sudo on pve asks 'alice' for a password: add /etc/sudoers.d/proxdeck (see README: Non-root users) so the host commands run with sudo -n, or connect as root.",
		);
	});

	it('is silent for root and for a working sudo, and asks to enable sudo when it is off', () => {
		expect(privilegeMessage({...alice, uid: 0, user: 'root', isRoot: true, sudo: 'not-needed'})).toBeNull();
		expect(privilegeMessage({...alice, sudo: 'ok'})).toBeNull();
		expect(privilegeMessage({...alice, sudo: 'ok'}, {sudoConfigured: false})).toContain(
			'this context does not use sudo',
		);
	});
});

describe('probeProblem', () => {
	it('names a host without pvesh first, then the sudo problem, as typed errors', () => {
		expect(probeProblem({...alice, hasPvesh: false})).toMatchObject({
			code: 'not-proxmox',
			message:
				'pve has no pvesh command: it does not look like a Proxmox VE host (or pvesh is not on the PATH of this login).',
		});
		expect(probeProblem(alice)).toMatchObject({code: 'sudo', message: privilegeMessage(alice)});
		expect(probeProblem({...alice, sudo: 'ok'})).toBeNull();
	});
});

describe('SUDOERS_DROPIN', () => {
	it('lists exactly the root commands, without a password, for the user', () => {
		const text = SUDOERS_DROPIN('alice');
		expect(text).toContain('alice ALL=(root) NOPASSWD: PROXDECK');
		for (const command of ['/usr/bin/pvesh', '/usr/sbin/pct', '/usr/sbin/qm', '/usr/bin/wg', '/usr/sbin/ha-manager']) {
			expect(text).toContain(command);
		}
		// awk as root would be a root shell: /etc/pve is read through the www-data group instead.
		expect(text).not.toContain('awk');
		expect(text).toContain('usermod -aG www-data alice');
		expect(text).not.toContain('ALL=(ALL) ALL');
	});
});
