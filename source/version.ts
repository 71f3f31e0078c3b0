/** Kept in step with package.json by a unit test (the bundle has no package.json to read). */
export const VERSION = '0.1.0';
