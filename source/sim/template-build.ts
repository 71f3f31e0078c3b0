/**
 * What making a template touches on the sim besides pct and pveam: `pct create`'s own
 * refusals (a missing OS template, a full storage), a container's DHCP address (`ip -o addr`
 * answers once the guest has booted), apt inside it (packages it knows become services), and a
 * community script on the host: downloaded (`curl -o`), its digest (`sha256sum`), removed
 * (`rm -f`) and run (`env VAR=… bash <file>`), creating and installing the container itself.
 */
import {ok, pveError, type SimContext} from './cmd-util.js';
import {createCt} from './cmd-pct-write.js';
import {hasOsTemplate, runPveam, templating} from './cmd-pveam.js';
import type {SimResult} from './faults.js';
import {startGuest} from './lifecycle.js';
import {storageUsage} from './metrics.js';
import {findGuest} from './mutate.js';
import type {SimGuest, SimService, SimStorage} from './types.js';

/** `pct create` on a missing OS template or a storage without room: Proxmox's words. */
export function createRefusal(
	ctx: SimContext,
	vmid: number,
	ostemplate: string,
	storage: SimStorage,
	size: number,
): SimResult | null {
	const match = /^([^:]+):vztmpl\/(.+)$/.exec(ostemplate);
	if (match && !hasOsTemplate(ctx.state, match[1]!, match[2]!, ctx.node))
		return pveError(`unable to create CT ${vmid} - volume '${ostemplate}' does not exist`);
	const room = storageUsage(ctx.state, storage, ctx.node, ctx.now);
	// A dir storage gives out room as the archive is written: tar fails part way.
	if (room.total - room.used < size * 0.12)
		return pveError(
			`tar: ./usr/lib/x86_64-linux-gnu/libicudata.so.72.1: Cannot write: No space left on device\ntar: Exiting with failure status due to previous errors\nunable to create CT ${vmid} - command 'lxc-usernsexec -m u:0:100000:65536 -m g:0:100000:65536 -- tar xpf - --zstd --totals --one-file-system -p --sparse --numeric-owner --acls --xattrs '--xattrs-include=user.*' '--xattrs-include=security.capability' '--warning=no-file-ignored' '--warning=no-xattr-write' -C /var/lib/lxc/${vmid}/rootfs --skip-old-files --anchored --exclude './dev/*'' failed: exit code 2`,
		);
	return null;
}

/** `ip -4 -o addr show scope global` in a running container: its lease, once it has one. */
export function guestIpAddr(guest: SimGuest): SimResult {
	const lines = guest.nics.flatMap((nic, i) => {
		const ip = nic.liveIp ?? (nic.ip && nic.ip !== 'dhcp' ? nic.ip : undefined);
		if (!ip) return [];
		const name = `eth${i}`;
		return [
			`${i + 2}: ${name}    inet ${ip} brd ${ip.replace(/\.\d+\/\d+$/, '.255')} scope global${nic.ip === 'dhcp' ? ' dynamic' : ''} ${name}\\       valid_lft 7198sec preferred_lft 7198sec`,
		];
	});
	return ok(lines.map((l) => `${l}\n`).join(''));
}

/** Packages the sim's apt knows, and the service each starts. */
const PACKAGES: Record<string, SimService | null> = {
	postgresql: {name: 'postgresql', port: 5432, kind: 'tcp'},
	'redis-server': {name: 'redis-server', port: 6379, kind: 'tcp'},
	'redis-tools': null,
	prometheus: {name: 'prometheus', port: 9090, kind: 'http'},
	'docker.io': null,
	'docker-compose': null,
	curl: null,
};

function hasNetwork(guest: SimGuest): boolean {
	return guest.nics.some((n) => n.liveIp !== undefined || (n.ip !== undefined && n.ip !== 'dhcp'));
}

/** `apt-get update|install -y …` inside a container (after `env VAR=…`). */
export function guestApt(ctx: SimContext, guest: SimGuest, args: string[]): SimResult {
	const [verb, ...rest] = args.filter((a) => !a.startsWith('-'));
	if (!hasNetwork(guest))
		return {
			stdout: '',
			stderr: `Err:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving 'deb.debian.org'\n`,
			code: 100,
		};
	if (verb === 'update')
		return ok(
			'Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\nGet:2 http://security.debian.org bookworm-security InRelease [48.0 kB]\nGet:3 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\nFetched 8991 kB in 2s (4495 kB/s)\nReading package lists...\n',
		);
	if (verb !== 'install') return {stdout: '', stderr: `E: Invalid operation ${verb ?? ''}\n`, code: 100};
	const unknown = rest.find((p) => !(p in PACKAGES));
	if (unknown)
		return {stdout: 'Reading package lists...\n', stderr: `E: Unable to locate package ${unknown}\n`, code: 100};
	for (const name of rest) {
		const service = PACKAGES[name];
		if (service && !guest.services.some((s) => s.name === service.name)) guest.services.push({...service});
		if (name === 'docker.io') guest.docker ??= {containers: [], stacks: []};
	}
	return ok(
		`Reading package lists...\nBuilding dependency tree...\nThe following NEW packages will be installed:\n  ${rest.join(' ')}\n${rest.map((p, i) => `Setting up ${p} (${16 + i}.0-1) ...`).join('\n')}\n`,
	);
}

/** The scripts the sim's "internet" serves, by file name: their digest and what they install. */
const SCRIPTS: Record<string, {sha256: string; services: SimService[]}> = {
	'gitea.sh': {
		sha256: '0cb4698f66f46364e0d84f92a7ab8eda54e9847a1d52dd55d3efc41de0b150f2',
		services: [{name: 'gitea', port: 3000, kind: 'http'}],
	},
	'grafana.sh': {
		sha256: 'c76aa3258a07e0cad9dff81cd3ad45c52305efdd92fa8425e75233e31b8a0361',
		services: [{name: 'grafana-server', port: 3000, kind: 'http'}],
	},
	'homeassistant.sh': {
		sha256: '486f654f8ad5b80776d1320fa45489b3b321324ffb711bcfb6b700f809782723',
		services: [{name: 'homeassistant', port: 8123, kind: 'http'}],
	},
	'nginxproxymanager.sh': {
		sha256: '7533087c6884b9ca3d043fe12a454234fa353ce020ae8c8d59f9a57b0d7c8db7',
		services: [
			{name: 'npm', port: 81, kind: 'http'},
			{name: 'openresty', port: 80, kind: 'http'},
		],
	},
	'nextcloudpi.sh': {
		sha256: '19a03fcb042b6b64166eaa319a205f010d5d0430f8d386f0aa687aa9a2c3c3b2',
		services: [{name: 'apache2', port: 80, kind: 'http'}],
	},
};

const SCRIPT_OS = 'debian-12-standard_12.7-1_amd64.tar.zst';
const TAMPERED = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** `curl -fsSL … -o <file> <https url>` on the host: a script lands in the sim's host files. */
export function hostDownload(ctx: SimContext, args: string[]): SimResult | null {
	const out = args.indexOf('-o');
	const path = out === -1 ? undefined : args[out + 1];
	if (!path || path === '/dev/null') return null;
	const url = args.filter((a, i) => i !== out + 1 && a.startsWith('https://')).at(-1);
	if (!url) return null;
	const script = SCRIPTS[url.split('/').at(-1) ?? ''];
	if (!script || !url.startsWith('https://raw.githubusercontent.com/'))
		return {stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n', code: 22};
	const state = templating(ctx.state);
	state.files[path] = {url, sha256: state.tamperedScripts ? TAMPERED : script.sha256};
	return ok();
}

export function hostSha256(ctx: SimContext, args: string[]): SimResult {
	const path = args.filter((a) => a !== '--').at(-1) ?? '';
	const file = templating(ctx.state).files[path];
	if (!file) return {stdout: '', stderr: `sha256sum: ${path}: No such file or directory\n`, code: 1};
	return ok(`${file.sha256}  ${path}\n`);
}

export function hostRemove(ctx: SimContext, args: string[]): SimResult {
	for (const path of args.filter((a) => !a.startsWith('-'))) delete templating(ctx.state).files[path];
	return ok();
}

/** `env VAR=… bash <file>`: the community script makes CT $CTID on $STORAGE, starts it, installs its app. */
export function hostRunScript(ctx: SimContext, argv: string[]): SimResult | null {
	const vars = new Map<string, string>();
	let i = 1;
	for (; i < argv.length && /^[A-Za-z_]\w*=/.test(argv[i]!); i++) {
		const [key, ...value] = argv[i]!.split('=');
		vars.set(key!, value.join('='));
	}
	if (argv[i] !== 'bash') return null;
	const path = argv[i + 1] ?? '';
	const file = templating(ctx.state).files[path];
	if (!file) return {stdout: '', stderr: `bash: ${path}: No such file or directory\n`, code: 127};
	const script = SCRIPTS[file.url.split('/').at(-1) ?? ''];
	if (!script || file.sha256 !== script.sha256)
		return {stdout: '', stderr: `${path}: line 2: syntax error near unexpected token \`<'\n`, code: 2};
	const vmid = vars.get('var_ctid') ?? vars.get('CTID') ?? '';
	const storage = vars.get('var_container_storage') ?? vars.get('STORAGE') ?? 'local-lvm';
	const osStorage = vars.get('var_template_storage') ?? 'local';
	// The scripts fetch the OS template they need themselves.
	if (!hasOsTemplate(ctx.state, osStorage, SCRIPT_OS, ctx.node)) {
		runPveam(ctx, ['update']);
		const fetched = runPveam(ctx, ['download', osStorage, SCRIPT_OS]);
		if (fetched.code !== 0) return fetched;
	}
	const created = createCt(ctx, [
		vmid,
		`${osStorage}:vztmpl/${SCRIPT_OS}`,
		'--hostname',
		vars.get('var_hostname') ?? 'ct',
		'--rootfs',
		`${storage}:${vars.get('var_disk') ?? '8'}`,
		'--memory',
		vars.get('var_ram') ?? '1024',
		'--cores',
		vars.get('var_cpu') ?? '1',
		'--net0',
		`name=eth0,bridge=${vars.get('var_brg') ?? 'vmbr0'},ip=dhcp`,
		'--unprivileged',
		'1',
	]);
	if (created.code !== 0) return created;
	const guest = findGuest(ctx.state, Number(vmid))!;
	startGuest(ctx, guest);
	guest.services.push(...script.services.map((s) => ({...s})));
	const app = file.url.split('/').at(-1)!.replace(/\.sh$/, '');
	return ok(
		`  ✔️  Using Default Settings on node ${ctx.node}\n  ✔️  Storage ${storage} (Free: 322.1GB)\n  ✔️  LXC Container ${vmid} was successfully created.\n  ✔️  Started LXC Container\n  ✔️  Network Connected\n  ✔️  Installed ${app}\n  🎉  Completed Successfully!\n`,
	);
}
