/** Connecting proxdeck's ssh transport to the test host, with everything pointed at its temp HOME. */
import {join} from 'node:path';
import {connectSsh, type SshOptions, type SshTransport} from '../../source/transport/ssh.js';
import type {TestHost} from './harness.js';

export function testHostOptions(host: TestHost, overrides: SshOptions = {}): SshOptions {
	return {
		env: host.env,
		knownHostsPath: host.knownHostsPath,
		globalKnownHostsPath: join(host.dir, 'no-global-known-hosts'),
		sshConfigPath: host.sshConfigPath,
		identityFiles: [host.clientKeyPath],
		interactive: false,
		readyTimeoutMs: 10_000,
		...overrides,
	};
}

/** user@127.0.0.1:port with the client key, non-interactive. */
export function connectTestHost(host: TestHost, overrides: SshOptions = {}): Promise<SshTransport> {
	return connectSsh(`${host.user}@${host.host}:${host.port}`, testHostOptions(host, overrides));
}
