import {describe, expect, it} from 'vitest';
import {
	applyCatalogOverrides,
	applyKeymapOverrides,
	checkConfigText,
	defaultConfig,
	resolveContext,
	validateKeymapOverrides,
	type ProxdeckConfig,
} from '../../source/config/index.js';
import {defaultCatalog} from '../../source/catalog/defaults.js';

function config(json: unknown): ProxdeckConfig {
	const checked = checkConfigText(JSON.stringify(json), '/home/ops/.config/proxdeck/config.json');
	if (!checked.ok) throw new Error(checked.error.message);
	return checked.config;
}

const lab = config({
	version: 1,
	defaultContext: 'lab',
	intervalSeconds: 3,
	thresholds: {warn: 70, crit: 85},
	contexts: [
		{name: 'demo', target: 'demo'},
		{
			name: 'lab',
			target: 'host',
			host: 'ops@pve.lan:2222',
			sudo: true,
			vpnGateway: 110,
			dockerHosts: [120],
			notDockerHosts: [121],
			thresholds: {crit: 95},
			intervalSeconds: 10,
			colour: 'red',
			banner: 'PROD',
			nodes: {pve2: 'ops@pve2.lan'},
		},
		{name: 'here', target: 'local', readOnly: true, vpnGateway: null},
	],
});

describe('resolveContext', () => {
	it('resolves the default context with every choice made', () => {
		expect(resolveContext(lab, undefined)).toEqual({
			ok: true,
			context: {
				name: 'lab',
				target: {kind: 'host', host: 'ops@pve.lan:2222'},
				readOnly: false,
				sudo: true,
				vpnGateway: 110,
				dockerHosts: [120],
				notDockerHosts: [121],
				thresholds: {warn: 70, crit: 95},
				intervalMs: 10_000,
				colour: 'red',
				banner: 'PROD',
				nodes: {pve2: 'ops@pve2.lan'},
			},
		});
	});

	it('fills a sparse context from the top level and the built-in defaults', () => {
		const result = resolveContext(lab, 'here');
		expect(result).toEqual({
			ok: true,
			context: {
				name: 'here',
				target: {kind: 'local'},
				readOnly: true,
				sudo: false,
				vpnGateway: null,
				dockerHosts: 'auto',
				notDockerHosts: [],
				thresholds: {warn: 70, crit: 85},
				intervalMs: 3000,
				colour: null,
				banner: null,
				nodes: {},
			},
		});
	});

	it('gives the demo with no config file', () => {
		const result = resolveContext(defaultConfig(), undefined);
		expect(result.ok && result.context).toMatchObject({
			name: 'demo',
			target: {kind: 'demo'},
			vpnGateway: 'auto',
			intervalMs: 2000,
			thresholds: {warn: 80, crit: 90},
		});
	});

	it('names an unknown context and lists the known ones', () => {
		expect(resolveContext(lab, 'prod')).toEqual({
			ok: false,
			message: 'context "prod" is not in the config file; known contexts: demo, lab, here',
			known: ['demo', 'lab', 'here'],
		});
	});

	it('takes the first context when the file names no default', () => {
		const two = config({
			version: 1,
			contexts: [
				{name: 'b', target: 'local'},
				{name: 'a', target: 'demo'},
			],
		});
		expect(resolveContext(two, undefined).ok && two.defaultContext).toBe('b');
	});

	it('reads per-node connections of a cluster context and names each one that ssh would misread', () => {
		const good = config({
			version: 1,
			contexts: [{name: 'lab', target: 'host', host: 'root@pve1', nodes: {pve2: 'root@10.0.0.12', pve3: 'pve3-alias'}}],
		});
		expect(good.contexts[0]!.nodes).toEqual({pve2: 'root@10.0.0.12', pve3: 'pve3-alias'});
		const bad = checkConfigText(
			JSON.stringify({
				version: 1,
				contexts: [
					{
						name: 'lab',
						target: 'host',
						host: 'root@pve1',
						nodes: {'pve 2': 'root@x', pve3: 'root@pve3 -oProxyCommand=x', pve4: 7},
					},
					{name: 'd', target: 'demo', nodes: {pve2: 'root@x'}},
				],
			}),
			'/home/ops/.config/proxdeck/config.json',
		);
		expect(bad.ok).toBe(false);
		const message = bad.ok ? '' : bad.error.message;
		expect(message).toContain(
			'contexts[0].nodes: expected node names like pve2 (letters, digits and "-"), found "pve 2"',
		);
		expect(message).toContain(
			'contexts[0].nodes.pve3: expected an ssh alias or user@host[:port], found "root@pve3 -oProxyCommand=x"',
		);
		expect(message).toContain('contexts[0].nodes.pve4: expected an ssh alias or user@host[:port], found 7');
		expect(message).toContain(
			'contexts[1].nodes: expected no node connections for a "demo" context (its nodes are simulated), found an object',
		);
	});
});

describe('keymap overrides', () => {
	const ids = ['app.quit', 'nav.top', 'guest.start', 'guest.destroy'];
	const file = '/home/ops/.config/proxdeck/config.json';

	it('accepts a key, a list of keys and <disabled>, normalising key names', () => {
		expect(
			validateKeymapOverrides(
				{'guest.start': 'S', 'nav.top': ['g', 'Home', 'g'], 'guest.destroy': '<disabled>', 'app.quit': 'Ctrl+Q'},
				ids,
				file,
			),
		).toEqual({
			ok: true,
			keymap: {'guest.start': ['S'], 'nav.top': ['g', 'home'], 'guest.destroy': [], 'app.quit': ['ctrl+q']},
		});
	});

	it('names the file and the field of an unknown action id, with a suggestion', () => {
		const result = validateKeymapOverrides({'guests.start': 's', 'nav.tpo': 'g'}, ids, file);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.message).toBe(
			`config file ${file} has 2 problems (the file was not changed):\n` +
				'  keymap["guests.start"]: expected a known action id (did you mean "guest.start"?), found "guests.start"\n' +
				'  keymap["nav.tpo"]: expected a known action id (proxdeck --help and the ? screen list them), found "nav.tpo"',
		);
	});

	it('refuses bad key names, an empty list and <disabled> mixed with keys', () => {
		const result = validateKeymapOverrides(
			{'nav.top': ['g', 'ctrl+shift+x'], 'guest.start': [], 'guest.destroy': ['<disabled>', 'D']},
			ids,
			file,
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.problems.map((p) => [p.field, p.found])).toEqual([
			['keymap["nav.top"][1]', '"ctrl+shift+x"'],
			['keymap["guest.start"]', 'an empty list'],
			['keymap["guest.destroy"]', 'a list of 2'],
		]);
		expect(result.error.problems[2]!.expected).toBe('"<disabled>" alone, not in a list with keys');
	});

	it('applies overrides to a list of actions, leaving the rest alone', () => {
		const actions = [
			{id: 'nav.top', keys: ['g', 'home'], scope: 'nav'},
			{id: 'guest.destroy', keys: ['D'], scope: 'guests'},
			{id: 'app.quit', keys: ['ctrl+c'], scope: 'global'},
		];
		const applied = applyKeymapOverrides(actions, {'nav.top': ['t'], 'guest.destroy': []});
		expect(applied.map((a) => [a.id, a.keys, a.scope])).toEqual([
			['nav.top', ['t'], 'nav'],
			['guest.destroy', [], 'guests'],
			['app.quit', ['ctrl+c'], 'global'],
		]);
		expect(applied[2]).toBe(actions[2]);
	});
});

describe('catalog overrides', () => {
	const file = '/etc/proxdeck.json';

	it('changes only the fields given for a default service', () => {
		const base = defaultCatalog();
		const name = base.services[0]!.name;
		const result = applyCatalogOverrides(base, [{name, memory: 8192}], file);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.catalog.services[0]).toEqual({...base.services[0]!, memory: 8192});
		expect(result.catalog.services).toHaveLength(base.services.length);
	});

	it('names the override and the bad value found by the catalog check', () => {
		const base = defaultCatalog();
		const name = base.services[0]!.name;
		const result = applyCatalogOverrides(base, [{name, vmid: 5}], file);
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.error.message).toBe(
				`config file ${file}: catalog.services[0]: expected a whole number from 100 to 999999999 for the VMID, found "5" (the file was not changed)`,
			);
	});

	it('asks a new service for every required field', () => {
		const result = applyCatalogOverrides(defaultCatalog(), [{name: 'jellyfin', vmid: 250}], file);
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.error.problems[0]!.expected).toBe(
				'every field of a new service (missing: templateVmid, hostname, storage, bridge, ip, gateway, memory, cores); or the name of a default service',
			);
	});

	it('checks override shapes at load, naming the field', () => {
		const checked = checkConfigText(
			JSON.stringify({version: 1, catalog: {services: [{name: 'postgresql', memory: '4G', colour: 'x'}]}}),
			file,
		);
		expect(checked.ok).toBe(false);
		if (!checked.ok)
			expect(checked.error.problems.map((p) => `${p.field}: ${p.expected}`)).toEqual([
				expect.stringMatching(
					/^catalog\.services\[0\]\.colour: a known field: name, description, templateVmid/,
				) as unknown as string,
				'catalog.services[0].memory: a whole number',
			]);
	});
});
