/** Rewrites the README's key table from keymaps/ (run after changing the registry). */
import {readFileSync, writeFileSync} from 'node:fs';
import {withKeyTable} from '../keymaps/readme-table.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withKeyTable(readFileSync(path, 'utf8')));
