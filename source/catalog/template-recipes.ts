/**
 * How the default catalog makes its nine templates (phase 1 of the homelab's workflow): CT 9NN
 * on the HDD storage (local-hdd) from a Debian OS template. Services Debian packages are
 * installed with apt inside the container; the others come from the Proxmox VE community
 * scripts, pinned to one commit of the scripts' repository and to the sha256 of the file at
 * that commit, so what runs as root on the host is exactly what was reviewed.
 */
import type {TemplateInstall, TemplateRecipe} from './types.js';

/** The storage the homelab keeps its templates on, and where OS templates are downloaded to. */
export const TEMPLATE_STORAGE = 'local-hdd';
export const OS_TEMPLATE_STORAGE = 'local';
export const DEFAULT_OS_TEMPLATE = 'debian-12-standard_12.7-1_amd64.tar.zst';

/** The commit of community-scripts/ProxmoxVE the default scripts are pinned to. */
const SCRIPTS_COMMIT = '8386465a927ac72f518d1c54ce21fe3c2df03407';
const script = (file: string, sha256: string): TemplateInstall => ({
	script: {url: `https://raw.githubusercontent.com/community-scripts/ProxmoxVE/${SCRIPTS_COMMIT}/ct/${file}`, sha256},
});

/** apt-get without questions: the container has no terminal to answer them on. */
const apt = (...packages: string[]): TemplateInstall => ({
	commands: [
		['apt-get', 'update'],
		['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...packages],
	],
});

const INSTALLS: Record<string, {install: TemplateInstall; diskGb: number}> = {
	postgresql: {install: apt('postgresql'), diskGb: 8},
	redis: {install: apt('redis-server', 'redis-tools'), diskGb: 4},
	nextcloud: {
		install: script('nextcloudpi.sh', '19a03fcb042b6b64166eaa319a205f010d5d0430f8d386f0aa687aa9a2c3c3b2'),
		diskGb: 8,
	},
	gitea: {install: script('gitea.sh', '0cb4698f66f46364e0d84f92a7ab8eda54e9847a1d52dd55d3efc41de0b150f2'), diskGb: 8},
	homeassistant: {
		install: script('homeassistant.sh', '486f654f8ad5b80776d1320fa45489b3b321324ffb711bcfb6b700f809782723'),
		diskGb: 16,
	},
	grafana: {
		install: script('grafana.sh', 'c76aa3258a07e0cad9dff81cd3ad45c52305efdd92fa8425e75233e31b8a0361'),
		diskGb: 4,
	},
	prometheus: {install: apt('prometheus'), diskGb: 8},
	'nginx-proxy-manager': {
		install: script('nginxproxymanager.sh', '7533087c6884b9ca3d043fe12a454234fa353ce020ae8c8d59f9a57b0d7c8db7'),
		diskGb: 8,
	},
	docker: {install: apt('docker.io', 'docker-compose'), diskGb: 16},
};

/** The default recipe for one of the nine services; undefined for any other name. */
export function defaultRecipe(service: string): TemplateRecipe | undefined {
	const row = INSTALLS[service];
	if (!row) return undefined;
	return {
		storage: TEMPLATE_STORAGE,
		osTemplate: DEFAULT_OS_TEMPLATE,
		osStorage: OS_TEMPLATE_STORAGE,
		diskGb: row.diskGb,
		install: structuredClone(row.install),
	};
}

export function isScriptInstall(install: TemplateInstall): install is {script: {url: string; sha256: string}} {
	return 'script' in install;
}
