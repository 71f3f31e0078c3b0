/** The config engine's public surface: load and check the file, resolve a context, check keymap and catalog overrides. */
export {
	configFilePath,
	loadConfig,
	checkConfigText,
	readConfigText,
	saveConfig,
	writeConfigTextAtomic,
	type ConfigLocation,
	type CheckOptions,
} from './store.js';
export {defaultConfig, validateConfig, DEFAULT_INTERVAL_SECONDS} from './schema.js';
export {upgradeConfig} from './upgrade.js';
export {resolveContext, type ContextResolution} from './context.js';
export {validateKeymapOverrides, applyKeymapOverrides, normalizeKeyName, type KeymapCheck} from './keymap-overrides.js';
export {applyCatalogOverrides, type CatalogMerge} from './catalog-overrides.js';
export * from './types.js';
