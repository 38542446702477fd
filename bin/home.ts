/** Small things the CLI's entry point needs before any command module is loaded. */

/** `--home` default: `$HOTLINE_HOME`, else `./.hotline`. */
export const defaultHome = (env: NodeJS.ProcessEnv = process.env): string => env.HOTLINE_HOME || './.hotline';
