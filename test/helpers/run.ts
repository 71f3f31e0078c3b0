/** Running a program the way cron and pipes do: stdin, stdout and stderr pipes, stdin closed at once. */
import {spawn} from 'node:child_process';

export interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

export function runPiped(
	command: string,
	args: readonly string[],
	options: {cwd: string; env: NodeJS.ProcessEnv},
): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({code, stdout, stderr}));
		child.stdin.end();
	});
}
