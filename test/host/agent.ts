/** An ssh-agent of our own (foreground child, own socket) holding the given keys. */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {execFileSync} from 'node:child_process';

export interface TestAgent {
	socket: string;
	stop(): void;
}

export async function startAgent(socket: string, keys: readonly string[]): Promise<TestAgent> {
	const child = spawn('ssh-agent', ['-D', '-a', socket], {stdio: 'ignore'});
	const deadline = Date.now() + 5000;
	while (!existsSync(socket)) {
		if (child.exitCode !== null) throw new Error(`ssh-agent exited with code ${child.exitCode}`);
		if (Date.now() > deadline) throw new Error('ssh-agent did not create its socket');
		await new Promise((r) => setTimeout(r, 20));
	}
	for (const key of keys) {
		execFileSync('ssh-add', ['-q', key], {env: {...process.env, SSH_AUTH_SOCK: socket}, stdio: 'pipe'});
	}
	return {
		socket,
		stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
		},
	};
}
