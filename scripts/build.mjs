#!/usr/bin/env node
/**
 * Builds dist/proxdeck.mjs: the whole program in one file that runs with plain Node 20 and
 * no node_modules. ssh2's optional native pieces (cpu-features, sshcrypto.node) stay out:
 * ssh2 loads them in try/catch and falls back to pure JavaScript. `npm ci` runs this once
 * (the prepare step), and `npm start` again whenever a source changed (scripts/start.mjs).
 */
import process from 'node:process';
import {resolve} from 'node:path';
import {BUNDLE, buildBundle} from './bundle.mjs';

// `--outfile <path>`: tests build their own copy, so parallel test files never share dist/.
const at = process.argv.indexOf('--outfile');
await buildBundle(at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : BUNDLE);
