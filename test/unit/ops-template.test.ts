import {describe, expect, it} from 'vitest';
import {defaultCatalog, findService} from '../../source/catalog/defaults.js';
import type {CatalogService} from '../../source/catalog/types.js';
import {validateCatalog} from '../../source/catalog/validate-catalog.js';
import type {JobEvent} from '../../source/ops/job.js';
import {formatPlan} from '../../source/ops/plan-text.js';
import {runJob} from '../../source/ops/runner.js';
import {planTemplate} from '../../source/ops/template-create.js';
import {planRecreate} from '../../source/ops/template-recreate.js';
import {removeGuest} from '../../source/sim/mutate.js';
import {simLab, type SimLab} from './ops-sim.js';

const service = (name: string): CatalogService => findService(defaultCatalog(), name)!;

/** The homelab without its template: what an operator who lost it starts from. */
function withoutTemplate(vmid: number): SimLab {
	const lab = simLab();
	removeGuest(lab.transport.sim.state, vmid);
	return lab;
}

/** Postgresql whose install names a package apt does not have: the install step fails. */
function misspelt(): CatalogService {
	const s = service('postgresql');
	return {...s, template: {...s.template!, install: {commands: [['apt-get', 'install', '-y', 'postgresq']]}}};
}

async function make(
	lab: SimLab,
	name: string | CatalogService,
	options: {rollback?: boolean; events?: JobEvent[]} = {},
) {
	const job = await planTemplate(lab.env, typeof name === 'string' ? service(name) : name);
	const result = await runJob(job, lab.env, {
		journal: lab.journal,
		user: 'tester',
		...(options.rollback ? {rollback: true} : {}),
		...(options.events ? {listener: (e) => options.events!.push(e)} : {}),
	});
	return {job, result};
}

const guest = (lab: SimLab, vmid: number) => lab.transport.sim.state.guests.find((g) => g.vmid === vmid);

describe('template create from the catalog (apt install)', () => {
	it('plans the OS template check, pct create on local-hdd with DHCP, the install inside, and pct template', async () => {
		const lab = withoutTemplate(900);
		const job = await planTemplate(lab.env, service('postgresql'));
		expect(job.plan.blockers).toEqual([]);
		expect(job.plan.steps.map((s) => s.name)).toEqual([
			'preflight',
			'os-template',
			'create',
			'start',
			'wait-network',
			'install',
			'stop',
			'template',
		]);
		const text = formatPlan(job.plan);
		expect(text).toContain('$ pveam download local debian-12-standard_12.7-1_amd64.tar.zst');
		expect(text).toContain(
			"$ pct create 900 local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst --hostname postgresql-db --rootfs local-hdd:8 --memory 1024 --cores 1 --net0 name=eth0,bridge=vmbr2,ip=dhcp --unprivileged 1 --features nesting=1 --description 'Made by proxdeck from catalog service postgresql' --tags database",
		);
		expect(text).toContain(
			'$ pct exec 900 -- env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql',
		);
		expect(text).toContain('$ pct template 900');
	});

	it('downloads the missing OS template with a progress bar, builds CT 900 and leaves a template a deploy can use', async () => {
		const lab = withoutTemplate(900);
		const events: JobEvent[] = [];
		const {result} = await make(lab, 'postgresql', {events});
		expect(result.result).toBe('ok');
		expect(result.summary).toBe('postgresql: template 900 made on pve (local-hdd)');
		const commands = result.commands.map((c) => c.command);
		expect(commands).toContain('pveam update');
		expect(commands).toContain('pveam download local debian-12-standard_12.7-1_amd64.tar.zst');
		expect(events.flatMap((e) => e.log ?? [])).toContain(
			'debian-12-standard_12.7-1_amd64.tar.zst (120M) [####################] 100%',
		);
		const made = guest(lab, 900)!;
		expect(made.template).toBe(true);
		expect(made.rootfs.volume).toMatch(/^local-hdd:/);
		expect(made.tags).toEqual(['database']);
		expect(made.services.map((s) => s.port)).toContain(5432);
		// A second run finds the template and changes nothing.
		const again = await make(lab, 'postgresql');
		expect(again.result.result).toBe('nothing-to-do');
		expect(again.result.commands).toEqual([]);
	});

	it('a failed install names the half-made CT in the journal; running it again finishes that CT', async () => {
		const lab = withoutTemplate(900);
		const failed = await make(lab, misspelt());
		expect(failed.result.result).toBe('failed');
		expect(failed.result.failure?.step).toBe('install');
		expect(failed.result.failure?.message).toContain('E: Unable to locate package postgresq');
		expect(failed.result.leftovers.join(' ')).toContain(
			'CT 900 (the half-made postgresql template), created by this run',
		);
		expect((await lab.journal.read()).at(-1)).toMatchObject({action: 'template', result: 'failed'});
		expect((await lab.journal.read()).at(-1)?.leftovers?.join(' ')).toContain('CT 900');

		const resumed = await make(lab, 'postgresql');
		expect(resumed.job.plan.checks.find((c) => c.name === 'vmid')?.detail).toContain('this run finishes it');
		expect(resumed.result.steps.filter((s) => s.state === 'skipped').map((s) => s.name)).toEqual([
			'os-template',
			'create',
			'start',
		]);
		expect(resumed.result.result).toBe('ok');
		expect(guest(lab, 900)?.template).toBe(true);
	});

	it('--rollback removes the half-made CT', async () => {
		const lab = withoutTemplate(900);
		const {result} = await make(lab, misspelt(), {rollback: true});
		expect(result.result).toBe('failed');
		expect(result.rolledBack).toEqual(['CT 900 (the half-made postgresql template)']);
		expect(guest(lab, 900)).toBeUndefined();
	});

	it('refuses a VMID held by a container proxdeck did not begin', async () => {
		const lab = simLab();
		const job = await planTemplate(lab.env, {...service('postgresql'), templateVmid: 100});
		expect(job.plan.blockers.join(' ')).toMatch(/VMID 100 is taken by CT \S+ .*not a template proxdeck began/);
	});
});

describe('template create from a pinned community script', () => {
	const url =
		'https://raw.githubusercontent.com/community-scripts/ProxmoxVE/8386465a927ac72f518d1c54ce21fe3c2df03407/ct/gitea.sh';

	it('shows the script and its digest in the plan, checks it on the host, runs it unattended and templates the CT', async () => {
		const lab = withoutTemplate(903);
		const {job, result} = await make(lab, 'gitea');
		const text = formatPlan(job.plan);
		expect(text).toContain(url);
		expect(text).toContain('0cb4698f66f46364e0d84f92a7ab8eda54e9847a1d52dd55d3efc41de0b150f2');
		expect(result.result).toBe('ok');
		const run = result.commands.find((c) => c.step === 'run-script')!.command;
		expect(run).toMatch(
			/^env mode=default PHS_SILENT=1 CTID=903 STORAGE=local-hdd NET=dhcp .*var_brg=vmbr2 .*bash \/var\/tmp\/proxdeck-script-0cb4698f66f46364\.sh$/,
		);
		expect(result.commands.findIndex((c) => c.step === 'verify')).toBeLessThan(
			result.commands.findIndex((c) => c.step === 'run-script'),
		);
		expect(guest(lab, 903)?.template).toBe(true);
	});

	it('stops on a digest mismatch, naming both digests, with nothing run and the file removed', async () => {
		const lab = withoutTemplate(903);
		lab.transport.sim.state.templating = {osTemplates: [], indexAt: null, files: {}, tamperedScripts: true};
		const {result} = await make(lab, 'gitea');
		expect(result.result).toBe('failed');
		expect(result.failure?.step).toBe('verify');
		expect(result.failure?.message).toContain(
			'the catalog pins sha256 0cb4698f66f46364e0d84f92a7ab8eda54e9847a1d52dd55d3efc41de0b150f2, the downloaded file has e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
		);
		expect(result.commands.some((c) => c.step === 'run-script')).toBe(false);
		expect(guest(lab, 903)).toBeUndefined();
		expect(lab.transport.sim.state.templating?.files).toEqual({});
	});

	it('catalog validation refuses an http URL and a digest that is not 64 hex digits', () => {
		const catalog = defaultCatalog();
		const gitea = findService(catalog, 'gitea')!;
		gitea.template!.install = {script: {url: url.replace('https:', 'http:'), sha256: 'abc'}};
		expect(validateCatalog(catalog)).toEqual([
			{service: 'gitea', message: expect.stringContaining('invalid script URL') as string},
		]);
		gitea.template!.install = {script: {url, sha256: 'ABC'}};
		expect(validateCatalog(catalog)[0]?.message).toContain('invalid sha256 "ABC"');
	});
});

describe('template create --recreate', () => {
	it('builds the new template as 9900 beside the old, then swaps it in; a swap cut short goes on when run again', async () => {
		const lab = simLab();
		lab.transport.sim.faults.failStep('clone', 900, 1);
		const first = await runJob(await planRecreate(lab.env, service('postgresql')), lab.env, {journal: lab.journal});
		expect(first.result).toBe('failed');
		expect(first.failure?.step).toBe('clone-back');
		// The old template is gone only once the new one is whole: it waits as 9900.
		expect(guest(lab, 9900)?.template).toBe(true);
		expect(first.leftovers.join(' ')).toContain('the new template is kept as 9900');

		const second = await runJob(await planRecreate(lab.env, service('postgresql')), lab.env, {journal: lab.journal});
		expect(second.result).toBe('ok');
		expect(second.commands.map((c) => c.command)).toEqual([
			'pct clone 9900 900 --hostname postgresql-db --storage local-hdd --full',
			'pct template 900',
			'pct destroy 9900',
		]);
		expect(guest(lab, 900)).toMatchObject({template: true, name: 'postgresql-db'});
		expect(guest(lab, 9900)).toBeUndefined();
	});
});
