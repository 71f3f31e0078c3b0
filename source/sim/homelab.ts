/** The homelab's public entry (source/target.ts imports it from here). */
export {createHomelab, type HomelabOptions} from './state.js';
export type {SimState} from './types.js';
