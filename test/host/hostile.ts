/**
 * A guest turned hostile, on the sshd test host: one of the simulated host's commands is
 * swapped for a shell script that answers some of its invocations the way a compromised guest
 * would (`pct exec 111 -- docker ps ...` printing whatever the guest likes) and hands every
 * other invocation to the sim. Payloads are plain data files or shell snippets run on the test
 * host only; nothing reaches the network.
 */
import {chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {TestHost} from './harness.js';

export interface HostileRule {
	/** Applies when the command's arguments, joined by spaces, start with this text. */
	startsWith: string;
	/**
	 * Shell code that answers instead. `"$REAL" "$@"` runs the sim's own command with the same
	 * arguments; `$HOSTILE` is a directory for payload files (see payloadPath).
	 */
	run: string;
}

export interface SwappedCommand {
	/** Put the sim's own command back. */
	restore(): void;
}

function simBin(host: TestHost): string {
	if (!host.sim) throw new Error('the test host has no simulated homelab to make hostile');
	return host.sim.binDir;
}

/** Where payload files for hostile commands live on the test host. */
export function payloadPath(host: TestHost, name: string): string {
	const dir = join(host.dir, 'hostile');
	mkdirSync(dir, {recursive: true, mode: 0o755});
	return join(dir, name);
}

/** Write a payload (any bytes) for a hostile command to `cat`. */
export function writePayload(host: TestHost, name: string, content: string | Buffer): string {
	const path = payloadPath(host, name);
	writeFileSync(path, content);
	return path;
}

function quote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Swap the sim's `name` command (pct, journalctl, zpool...) for one that follows `rules`. */
export function swapCommand(host: TestHost, name: string, rules: readonly HostileRule[]): SwappedCommand {
	const bin = simBin(host);
	const path = join(bin, name);
	const real = join(bin, `.sim-${name}`);
	payloadPath(host, '.');
	if (!existsSync(real)) copyFileSync(path, real);
	chmodSync(real, 0o755);
	const script = [
		'#!/bin/sh',
		`REAL=${quote(real)}`,
		`HOSTILE=${quote(join(host.dir, 'hostile'))}`,
		'case "$*" in',
		...rules.map((rule) => `${quote(rule.startsWith)}*)\n${rule.run}\n;;`),
		'*) exec "$REAL" "$@" ;;',
		'esac',
		'',
	].join('\n');
	// Replaced in one rename: a refresh running at this moment sees the old or the new command.
	writeFileSync(`${path}.next`, script, {mode: 0o755});
	renameSync(`${path}.next`, path);
	return {
		restore() {
			copyFileSync(real, `${path}.next`);
			chmodSync(`${path}.next`, 0o755);
			renameSync(`${path}.next`, path);
		},
	};
}
