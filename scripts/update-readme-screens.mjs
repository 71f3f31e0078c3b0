#!/usr/bin/env node
/**
 * Copies the text captures in docs/screens/ into the README's code blocks marked
 * <!-- screen:docs/screens/NAME.txt --> ... <!-- /screen -->, so the README shows the latest
 * run of scripts/screenshots.sh.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = readme.replace(/<!-- screen:(\S+) -->\n[\s\S]*?<!-- \/screen -->/g, (_, file) => {
	const text = readFileSync(join(root, file), 'utf8').replace(/\s+$/, '');
	return `<!-- screen:${file} -->\n\`\`\`\n${text}\n\`\`\`\n<!-- /screen -->`;
});
writeFileSync(readmePath, updated);
