/**
 * A small parser for the Prometheus text exposition format (0.0.4), strict enough to catch
 * what node_exporter's textfile collector rejects: bad metric or label names, bad escapes,
 * non-numeric values, TYPE after samples, samples of one metric split apart, duplicate series.
 */
export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseLabels(text: string, errors: string[], line: number): Record<string, string> {
	const labels: Record<string, string> = {};
	let i = 0;
	while (i < text.length) {
		const eq = text.indexOf('=', i);
		if (eq === -1) {
			errors.push(`line ${line}: label without =`);
			break;
		}
		const name = text.slice(i, eq).trim();
		if (!LABEL.test(name)) errors.push(`line ${line}: bad label name ${name}`);
		if (text[eq + 1] !== '"') {
			errors.push(`line ${line}: label value not quoted`);
			break;
		}
		let j = eq + 2;
		let value = '';
		for (; j < text.length && text[j] !== '"'; j++) {
			if (text[j] === '\\') {
				const next = text[++j];
				if (next === 'n') value += '\n';
				else if (next === '\\' || next === '"') value += next;
				else errors.push(`line ${line}: bad escape \\${next}`);
			} else if (text[j] === '\n') errors.push(`line ${line}: raw newline in label`);
			else value += text[j];
		}
		if (j >= text.length) errors.push(`line ${line}: unterminated label value`);
		if (name in labels) errors.push(`line ${line}: duplicate label ${name}`);
		labels[name] = value;
		i = j + 1;
		if (text[i] === ',') i++;
		else if (i < text.length) {
			errors.push(`line ${line}: expected , between labels`);
			break;
		}
	}
	return labels;
}

export function parseExposition(text: string): {samples: Sample[]; types: Map<string, string>; errors: string[]} {
	const errors: string[] = [];
	const samples: Sample[] = [];
	const types = new Map<string, string>();
	const seenSamples = new Set<string>();
	const series = new Set<string>();
	let currentMetric: string | null = null;
	const closed = new Set<string>();
	if (!text.endsWith('\n')) errors.push('the text must end with a newline');
	text.split('\n').forEach((raw, index) => {
		const n = index + 1;
		if (raw === '') return;
		if (raw.startsWith('#')) {
			const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
			if (!m) return; // a plain comment
			if (!METRIC.test(m[2]!)) errors.push(`line ${n}: bad metric name ${m[2]}`);
			if (m[1] === 'TYPE') {
				if (!TYPES.has(m[3]!)) errors.push(`line ${n}: bad type ${m[3]}`);
				if (types.has(m[2]!)) errors.push(`line ${n}: second TYPE for ${m[2]}`);
				if (seenSamples.has(m[2]!)) errors.push(`line ${n}: TYPE after samples of ${m[2]}`);
				types.set(m[2]!, m[3]!);
			}
			return;
		}
		const m = /^([^{\s]+)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(raw);
		if (!m) {
			errors.push(`line ${n}: not a sample: ${raw}`);
			return;
		}
		const name = m[1]!;
		if (!METRIC.test(name)) errors.push(`line ${n}: bad metric name ${name}`);
		const labels = m[2] ? parseLabels(m[2], errors, n) : {};
		const valueText = m[3]!;
		const value =
			valueText === '+Inf'
				? Infinity
				: valueText === '-Inf'
					? -Infinity
					: valueText === 'NaN'
						? NaN
						: Number(valueText);
		if (!/^(NaN|[+-]Inf|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(valueText))
			errors.push(`line ${n}: bad value ${valueText}`);
		if (currentMetric !== name) {
			if (closed.has(name)) errors.push(`line ${n}: samples of ${name} are not together`);
			if (currentMetric) closed.add(currentMetric);
			currentMetric = name;
		}
		const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
		if (series.has(key)) errors.push(`line ${n}: duplicate series ${key}`);
		series.add(key);
		seenSamples.add(name);
		samples.push({name, labels, value});
	});
	return {samples, types, errors};
}
