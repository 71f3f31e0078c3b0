import {describe, expect, it} from 'vitest';
import {formatTarget, parseTarget} from '../../source/transport/ssh-target.js';

function ok(value: string): unknown {
	const result = parseTarget(value);
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

function error(value: string): string {
	const result = parseTarget(value);
	return result.ok ? 'parsed' : result.error.message;
}

describe('parseTarget', () => {
	it('accepts every form ssh accepts', () => {
		expect(ok('pve')).toEqual({host: 'pve'});
		expect(ok('root@pve.lan')).toEqual({host: 'pve.lan', user: 'root'});
		expect(ok('root@192.168.0.10:2222')).toEqual({host: '192.168.0.10', user: 'root', port: 2222});
		expect(ok('pve.lan:22')).toEqual({host: 'pve.lan', port: 22});
		expect(ok('[fe80::1%vmbr0]:2222')).toEqual({host: 'fe80::1%vmbr0', port: 2222});
		expect(ok('admin@[2001:db8::10]')).toEqual({host: '2001:db8::10', user: 'admin'});
		expect(ok('me@corp.example@jump')).toEqual({host: 'jump', user: 'me@corp.example'});
	});

	it('says what is wrong, naming the value', () => {
		expect(error('')).toBe('the host is empty (expected an ssh alias or user@host[:port])');
		expect(error('root@pve:99999')).toBe("'root@pve:99999': the port 99999 is outside 1-65535");
		expect(error('root@pve:ssh')).toBe("'root@pve:ssh': the port 'ssh' is not a number");
		expect(error('@pve')).toBe("'@pve': '' is not a valid user name");
		expect(error('root@')).toBe("'root@': '' is not a host name, address or ssh alias");
		expect(error('2001:db8::1')).toBe("'2001:db8::1': write an IPv6 address in brackets, as [2001:db8::1]:22");
		expect(error('[::1')).toBe("'[::1': missing ']' after the IPv6 address");
		expect(error('pve lan')).toBe("'pve lan' contains a space (expected an ssh alias or user@host[:port])");
		expect(error('ssh://root@pve')).toBe("'ssh://root@pve': write user@host:port, not an ssh:// URL");
		expect(error('pve;rm')).toBe("'pve;rm': 'pve;rm' is not a host name, address or ssh alias");
	});
});

describe('formatTarget', () => {
	it('never echoes a password typed into the target', () => {
		for (const typed of ['root:hunter2@pve', 'root:hunter2@pve:2222', 'root:pa:ss@w@pve']) {
			const result = parseTarget(typed);
			expect(result.ok).toBe(false);
			const message = result.ok ? '' : result.error.message;
			expect(message).not.toMatch(/hunter2|pa:ss|ss@w/);
			expect(message).toMatch(/^'root:\*\*\*@pve(:2222)?': a password cannot be part of the target/);
		}
	});

	it('labels a transport user@host:port, bracketing IPv6', () => {
		expect(formatTarget('root', 'pve.lan', 22)).toBe('root@pve.lan:22');
		expect(formatTarget('root', '::1', 2222)).toBe('root@[::1]:2222');
	});
});
