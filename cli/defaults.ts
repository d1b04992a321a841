/**
 * Default locations the command line shows in its help. They live apart from the commands and the
 * composition root so that `cli/main.ts` can describe every option without loading any command (and the
 * SDK, pdfkit, dynalite or the schemas behind them) before one runs.
 */

/** The embedded store's directory when --data-dir is not given. */
export const DEFAULT_DATA_DIR = '.evidence';

/** Where `evidence binder` writes when --out is not given. */
export const DEFAULT_BINDER_DIR = 'binders';

/** The demo's own embedded store, apart from the real one. */
export const DEFAULT_DEMO_DIR = '.evidence-demo';
