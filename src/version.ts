/** The release of the worker, reported by /health. Bump with package.json. */
export const VERSION = '0.1.0'
