/**
 * What the simulated journals and container logs say. Each generator is a pure function of
 * (line number, keys): the same line number always reads the same, in every process.
 */
import {hash01} from './prng.js';
import type {LogText} from './types.js';

function pick<T>(list: readonly T[], ...keys: (string | number)[]): T {
	return list[Math.floor(hash01(...keys) * list.length)]!;
}

const PVEPROXY_PID = 1874;
const PVEDAEMON_PID = 1862;

export function hostLine(k: number, host: string, faults: {degradedPool?: string; scrubbing?: string}): LogText {
	const r = hash01('host', k);
	if (faults.degradedPool && r < 0.2) {
		return hash01('host-dz', k) < 0.5
			? {
					ident: 'zed',
					unit: 'zfs-zed.service',
					pid: 1411,
					priority: 5,
					message: `eid=${4100 + (k % 900)} class=statechange pool='${faults.degradedPool}' vdev=ata-WDC_WD80EFZZ-68BTXN0_WD-CA1KP9ZD-part1 vdev_state=UNAVAIL`,
				}
			: {
					ident: 'kernel',
					priority: 3,
					message: `zio pool=${faults.degradedPool} vdev=/dev/disk/by-id/ata-WDC_WD80EFZZ-68BTXN0_WD-CA1KP9ZD-part1 error=5 type=2 offset=${2_199_023_255_552 + (k % 9973) * 131_072} size=131072 flags=1605761`,
				};
	}
	if (faults.scrubbing && r < 0.06)
		return {
			ident: 'zed',
			unit: 'zfs-zed.service',
			pid: 1411,
			priority: 6,
			message: `eid=${3000 + (k % 700)} class=history_event pool='${faults.scrubbing}'`,
		};
	const worker = 40_000 + (Math.floor(k / 7) % 20_000);
	const options: LogText[] = [
		{ident: 'pveproxy', unit: 'pveproxy.service', pid: PVEPROXY_PID, priority: 6, message: `worker ${worker} finished`},
		{ident: 'pveproxy', unit: 'pveproxy.service', pid: PVEPROXY_PID, priority: 6, message: 'starting 1 worker(s)'},
		{
			ident: 'pveproxy',
			unit: 'pveproxy.service',
			pid: PVEPROXY_PID,
			priority: 6,
			message: `worker ${worker + 1} started`,
		},
		{
			ident: 'pvedaemon',
			unit: 'pvedaemon.service',
			pid: PVEDAEMON_PID + (k % 3),
			priority: 6,
			message: "<root@pam> successful auth for user 'root@pam'",
		},
		{
			ident: 'pvestatd',
			unit: 'pvestatd.service',
			pid: 1840,
			priority: 6,
			message: `status update time (${(5 + hash01('pst', k) * 4).toFixed(3)} seconds)`,
		},
		{
			ident: 'CRON',
			unit: 'cron.service',
			pid: 200_000 + (k % 90_000),
			priority: 6,
			message: 'pam_unix(cron:session): session opened for user root(uid=0) by root(uid=0)',
		},
		{
			ident: 'systemd',
			unit: 'init.scope',
			pid: 1,
			priority: 6,
			message: `Started session-${1200 + Math.floor(k / 40)}.scope - Session ${1200 + Math.floor(k / 40)} of User root.`,
		},
		{
			ident: 'sshd',
			unit: 'ssh.service',
			pid: 300_000 + (k % 90_000),
			priority: 6,
			message: `Accepted publickey for root from 192.168.0.42 port ${40_000 + (k % 20_000)} ssh2: ED25519 SHA256:Vq3m1cJk9vYb0y4H2nFq8sZx7WcT5pLr6aD1eGhKjMo`,
		},
		{ident: 'pmxcfs', unit: 'pve-cluster.service', pid: 1583, priority: 6, message: '[status] notice: received log'},
		{
			ident: 'chronyd',
			unit: 'chrony.service',
			pid: 1290,
			priority: 6,
			message: 'Selected source 162.159.200.1 (2.debian.pool.ntp.org)',
		},
		{
			ident: 'kernel',
			priority: 6,
			message: `audit: type=1400 audit(${Math.floor(k)}.512:${k % 9000}): apparmor="DENIED" operation="mount" class="mount" info="failed flags match" error=-13 profile="lxc-${host === 'pve' ? 111 : 1000}_</var/lib/lxc>" name="/run/systemd/unit-root/" pid=${5000 + (k % 800)} comm="(resolved)"`,
		},
		{
			ident: 'pvescheduler',
			unit: 'pvescheduler.service',
			pid: 1901,
			priority: 6,
			message: `starting task UPID:${host}:00003A1F:0001B2C3:6741A2B0:vzdump::root@pam:`,
		},
	];
	return pick(options, 'host-pick', k);
}

/** A guest's own journal: its services plus the usual systemd/cron noise. */
export function guestLine(k: number, vmid: number, serviceName: string, full: boolean): LogText {
	const r = hash01('guest', vmid, k);
	if (full && r < 0.45) {
		return pick(
			[
				{
					ident: 'systemd-journald',
					unit: 'systemd-journald.service',
					pid: 48,
					priority: 4,
					message: 'Failed to open system journal: No space left on device',
				},
				{
					ident: serviceName,
					unit: `${serviceName}.service`,
					pid: 212,
					priority: 3,
					message: 'write error: No space left on device',
				},
				{
					ident: 'CRON',
					unit: 'cron.service',
					pid: 5100 + (k % 800),
					priority: 3,
					message: "(root) CAN'T OPEN (/etc/crontab): No space left on device",
				},
			],
			'full',
			vmid,
			k,
		);
	}
	return pick(
		[
			{
				ident: serviceName,
				unit: `${serviceName}.service`,
				pid: 212,
				priority: 6,
				message: `GET /api/health 200 ${(hash01('lat', vmid, k) * 40).toFixed(1)}ms`,
			},
			{
				ident: serviceName,
				unit: `${serviceName}.service`,
				pid: 212,
				priority: 6,
				message: 'Housekeeping finished: 0 items removed',
			},
			{
				ident: 'systemd',
				unit: 'init.scope',
				pid: 1,
				priority: 6,
				message: 'Starting apt-daily.service - Daily apt download activities...',
			},
			{
				ident: 'CRON',
				unit: 'cron.service',
				pid: 5100 + (k % 800),
				priority: 6,
				message: 'pam_unix(cron:session): session closed for user root',
			},
			{
				ident: 'systemd-networkd',
				unit: 'systemd-networkd.service',
				pid: 61,
				priority: 6,
				message: 'eth0: Gained IPv6LL',
			},
		],
		'guest-pick',
		vmid,
		k,
	);
}

/** The LinuxServer.io crash loop in a Proxmox container (s6 cannot bind its socket), one restart every few lines. */
export const LSIO_CRASH: LogText[] = [
	{ident: 'qbittorrent', priority: 6, message: '[migrations] started'},
	{ident: 'qbittorrent', priority: 6, message: '[migrations] no migrations found'},
	{ident: 'qbittorrent', priority: 6, message: 'usermod: no changes'},
	{
		ident: 'qbittorrent',
		priority: 3,
		message: 's6-ipcserver-socketbinder: fatal: unable to create socket: Permission denied',
		stderr: true,
	},
];

export function containerLine(k: number, name: string, kind: string): LogText {
	const ms = (hash01('ms', name, k) * 90).toFixed(0);
	const lines: Record<string, string[]> = {
		plex: [
			'Jobs: Running job "Optimize database"',
			`[Req#${(k * 37) % 99_999}] Transcoder: Starting transcode session`,
			'Library section 2 scanned in 4.3 seconds',
		],
		arr: [
			`[Info] RssSyncService: RSS Sync Completed. Reports found: ${k % 90}, Reports grabbed: ${k % 3}`,
			'[Info] DownloadDecisionMaker: Processing 100 releases',
			'[Info] RefreshSeriesService: Updating Info',
		],
		'node-web': [`GET / 200 ${ms}ms`, `GET /api/v1/status 200 ${ms}ms`, `POST /api/v1/auth/me 200 ${ms}ms`],
		'php-web': [
			`172.18.0.1 - - "GET /status.php HTTP/1.1" 200 ${400 + (k % 300)} "-" "Mozilla/5.0"`,
			'NOTICE: PHP message: cron.php executed',
			`172.18.0.1 - - "PROPFIND /remote.php/dav/files/admin/ HTTP/1.1" 207 ${900 + (k % 500)}`,
		],
		postgres: [
			'LOG:  checkpoint starting: time',
			`LOG:  checkpoint complete: wrote ${k % 400} buffers`,
			'LOG:  automatic vacuum of table "app.public.sessions"',
		],
	};
	const list = lines[kind] ?? lines['node-web']!;
	return {ident: name, priority: 6, message: pick(list, 'ctr', name, k)};
}
