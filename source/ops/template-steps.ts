/**
 * The steps of a template build (see template-create.ts). Each reads what the plan saw of the
 * container and is skipped when its work is already done, so a run after a dropped link goes
 * on where the last one stopped.
 */
import type {CatalogService, CommunityScript, TemplateRecipe} from '../catalog/types.js';
import {parsePveamList} from '../host/parse/pveam.js';
import {plural} from '../model/format.js';
import type {Guest} from '../model/snapshot.js';
import {downloadWatcher} from './download-progress.js';
import {readStatus} from './guest-status.js';
import type {JobStep, StepContext} from './job.js';
import {pct, pctExec, pctSet, pctShutdown, pctStart, pctStop, pctTemplate} from './pct-commands.js';
import type {GuestRef, HostCommand} from './pct-commands.js';
import {StepFailure} from './runner.js';
import {
	firstAddress,
	guestAddresses,
	parseDigest,
	pctCreate,
	pveamDownload,
	pveamList,
	pveamUpdate,
	scriptDigest,
	scriptDownload,
	scriptRemove,
	scriptRun,
	type ScriptVariables,
} from './template-commands.js';
import {buildDescription, INSTALLED_TAG} from './template-preflight.js';

/** What every step of one build reads. */
export interface TemplateBuild {
	service: CatalogService;
	recipe: TemplateRecipe;
	vmid: number;
	guest: GuestRef;
	/** The container an earlier run began (the plan saw it), if any. */
	existing: Guest | undefined;
	installed: boolean;
	running: boolean;
	pollMs: number;
	show(command: HostCommand): string;
}

const seconds = (ms: number): string => `${ms / 1000}s`;
const tagsWith = (d: TemplateBuild, extra: string[]): string[] => [...new Set([...d.service.tags, ...extra])];

export function osTemplateStep(d: TemplateBuild): JobStep {
	const {recipe, guest} = d;
	const list = pveamList(guest.node, recipe.osStorage);
	const update = pveamUpdate(guest.node);
	const download = pveamDownload(guest.node, recipe.osStorage, recipe.osTemplate);
	return {
		plan: {
			name: 'os-template',
			title: `Check OS template ${recipe.osTemplate} on ${recipe.osStorage}`,
			commands: [list, update, download].map(d.show),
			note: 'the update and the download run only when the list lacks it',
			...(d.existing ? {skip: `CT ${d.vmid} already exists`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			const listed = parsePveamList((await ctx.run(list)).stdout);
			if (!listed.ok)
				throw new StepFailure({
					message: `could not read pveam list: ${listed.error.message}`,
					detail: listed.error.message,
				});
			if (listed.value.some((t) => t.file === recipe.osTemplate))
				return `${recipe.osTemplate} is on ${recipe.osStorage}`;
			ctx.progress('pveam update');
			await ctx.run(update);
			const onOutput = downloadWatcher(recipe.osTemplate, ctx.progress, (line) => ctx.taskLog([line]));
			await ctx.run(download, {onOutput});
			return `downloaded ${recipe.osTemplate} to ${recipe.osStorage}`;
		},
	};
}

export function createStep(d: TemplateBuild): JobStep {
	const {service, recipe} = d;
	const create = pctCreate(d.guest, {
		recipe,
		hostname: service.hostname,
		memory: service.memory,
		cores: service.cores,
		bridge: service.bridge,
		description: buildDescription(service.name),
		tags: [...service.tags],
	});
	return {
		plan: {
			name: 'create',
			title: `Create CT ${d.vmid} (${service.hostname}) on ${recipe.storage}: ${recipe.diskGb} GiB, ${service.memory} MiB, ${plural(service.cores, 'core')}, net0 DHCP on ${service.bridge}`,
			commands: [d.show(create)],
			...(d.existing ? {skip: `CT ${d.vmid} already exists`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			await ctx.run(create);
			return `created CT ${d.vmid}`;
		},
	};
}

export function startStep(d: TemplateBuild): JobStep {
	const start = pctStart(d.guest);
	return {
		plan: {
			name: 'start',
			title: `Start ${d.vmid}`,
			commands: [d.show(start)],
			...(d.running ? {skip: `CT ${d.vmid} is already running`} : d.installed ? {skip: 'the install already ran'} : {}),
		},
		changes: true,
		run: async (ctx) => {
			await ctx.run(start);
		},
	};
}

/** Poll the container's addresses until DHCP gave it one (the install downloads packages). */
export function waitNetworkStep(d: TemplateBuild): JobStep {
	const timeout = d.service.startTimeoutSec ?? 120;
	const probe = guestAddresses(d.guest);
	return {
		plan: {
			name: 'wait-network',
			title: `Wait until ${d.vmid} has an address`,
			commands: [d.show(probe)],
			note: `polled every ${seconds(d.pollMs)} until an inet address shows, at most ${timeout}s`,
			...(d.installed ? {skip: 'the install already ran'} : {}),
		},
		changes: false,
		run: async (ctx) => {
			const started = ctx.now();
			for (;;) {
				const result = await ctx.run(probe, {allowFailure: true, timeoutMs: 15_000});
				const address = result.code === 0 ? firstAddress(result.stdout) : null;
				if (address) return `${address} after ${Math.round((ctx.now() - started) / 1000)}s`;
				const seen = (result.stderr || result.stdout).trim().split('\n')[0] || 'no address yet';
				ctx.progress(`waiting for an address: ${seen}`);
				if (ctx.now() - started >= timeout * 1000)
					throw new StepFailure({
						message: `wait-network failed: CT ${d.vmid} has no address after ${timeout}s (${seen})`,
						detail: `no DHCP lease on ${d.service.bridge}: is a DHCP server answering there?`,
					});
				await ctx.sleep(d.pollMs);
			}
		},
	};
}

/** The catalog's install commands inside the container, then the tag that says they ran. */
export function installStep(d: TemplateBuild, commands: string[][]): JobStep {
	const execs = commands.map((argv) => pctExec(d.guest, argv));
	const mark = pctSet(d.guest, {tags: tagsWith(d, [INSTALLED_TAG])});
	return {
		plan: {
			name: 'install',
			title: `Install ${d.service.name} in ${d.vmid}: ${plural(execs.length, 'command')}`,
			commands: [...execs, mark].map(d.show),
			...(d.installed ? {skip: `already done (CT ${d.vmid} has the ${INSTALLED_TAG} tag)`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			for (const [i, command] of execs.entries()) {
				ctx.progress(`${i + 1}/${execs.length}: ${command.argv.slice(4).join(' ')}`);
				await ctx.run(command);
			}
			await ctx.run(mark);
			return `${plural(execs.length, 'command')} ran`;
		},
	};
}

/** A pinned community script: download to a file named by its digest. */
export function scriptDownloadStep(d: TemplateBuild, script: CommunityScript): JobStep {
	const download = scriptDownload(d.guest.node, script);
	return {
		plan: {
			name: 'download',
			title: `Download the community script ${script.url}`,
			commands: [d.show(download)],
			...(d.existing ? {skip: `CT ${d.vmid} already exists`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			await ctx.run(download);
			return 'downloaded';
		},
	};
}

/** The downloaded file's sha256 against the pinned one: a mismatch removes the file and stops. */
export function scriptVerifyStep(d: TemplateBuild, script: CommunityScript): JobStep {
	const digest = scriptDigest(d.guest.node, script);
	return {
		plan: {
			name: 'verify',
			title: `Check the script's sha256 is ${script.sha256}`,
			commands: [d.show(digest)],
			note: 'nothing runs unless the digests match; a mismatch removes the file',
			...(d.existing ? {skip: `CT ${d.vmid} already exists`} : {}),
		},
		changes: false,
		run: async (ctx) => {
			const got = parseDigest((await ctx.run(digest)).stdout);
			if (got === script.sha256) return `sha256 ${got} matches`;
			await ctx.run(scriptRemove(d.guest.node, script), {allowFailure: true});
			const message = `digest mismatch for ${script.url}: the catalog pins sha256 ${script.sha256}, the downloaded file has ${got ?? '(unreadable sha256sum output)'}; nothing ran`;
			throw new StepFailure({
				message,
				detail: message,
				hint: 'the script changed since it was pinned: review the new one, then pin its URL and digest in the config',
			});
		},
	};
}

/** Run the checked script (it creates and installs the container), then mark the container as this build's. */
export function scriptRunStep(d: TemplateBuild, script: CommunityScript, vars: ScriptVariables): JobStep {
	const run = scriptRun(d.guest.node, script, vars);
	const mark = pct(
		d.guest,
		'set',
		String(d.vmid),
		'--description',
		buildDescription(d.service.name),
		'--tags',
		tagsWith(d, [INSTALLED_TAG]).join(';'),
	);
	return {
		plan: {
			name: 'run-script',
			title: `Run the script unattended: it creates CT ${d.vmid} on ${d.recipe.storage} and installs ${d.service.name}`,
			commands: [d.show(run), d.show(mark), d.show(scriptRemove(d.guest.node, script))],
			...(d.existing ? {skip: `CT ${d.vmid} already exists`} : {}),
		},
		changes: true,
		run: async (ctx) => {
			ctx.progress(`running ${script.url}`);
			await ctx.run(run);
			await ctx.run(mark);
			await ctx.run(scriptRemove(d.guest.node, script), {allowFailure: true});
			return `CT ${d.vmid} created and installed by the script`;
		},
	};
}

/** A clean shutdown first (the install's writes reach the disk), a stop when it does not end. */
export function stopStep(d: TemplateBuild): JobStep {
	const shutdown = pctShutdown(d.guest, 60);
	const stop = pctStop(d.guest);
	const staysStopped = d.existing !== undefined && !d.running && d.installed;
	return {
		plan: {
			name: 'stop',
			title: `Shut down ${d.vmid}`,
			commands: [d.show(shutdown)],
			note: `then \`${d.show(stop)}\` if it is still running`,
			...(staysStopped ? {skip: `CT ${d.vmid} is stopped`} : {}),
		},
		changes: true,
		run: async (ctx: StepContext) => {
			// Asked even when it reads stopped: a container still booting may say so. Proxmox
			// answers "not running" for one that is, which is fine.
			await ctx.run(shutdown, {allowFailure: true});
			const after = await readStatus(ctx, d.guest);
			if (after.status === 'stopped') return 'shut down';
			await ctx.run(stop);
			return 'stopped';
		},
	};
}

/** Drop the build's marker tag, then make it a template. */
export function templateStep(d: TemplateBuild): JobStep {
	const tags = pctSet(d.guest, {tags: tagsWith(d, [])});
	const convert = pctTemplate(d.guest);
	return {
		plan: {
			name: 'template',
			title: `Make ${d.vmid} a template`,
			commands: [d.show(tags), d.show(convert)],
		},
		changes: true,
		run: async (ctx) => {
			await ctx.run(tags);
			await ctx.run(convert);
			return `CT ${d.vmid} is a template`;
		},
	};
}
