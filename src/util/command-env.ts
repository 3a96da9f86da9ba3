/**
 * The environment of the commands breakfix runs (action commands and
 * `command:` sources): an allow-list, never all of breakfix's own
 * environment. What a pass imports and does must not depend on whose shell
 * started it: a stray HADOOP_CONF_DIR, KRB5CCNAME or LD_PRELOAD in an
 * operator's terminal would otherwise point a drain at another cluster, run
 * it as someone else, or make a cron pass and a hand-run one read different
 * data; and secrets in that environment are not handed to every tool.
 *
 * A command gets: the variables of BASE_ENV that are set, the ones the
 * config passes through (`env:` at the top level, and on the action or
 * source), and breakfix's own BREAKFIX_* values.
 */
export const BASE_ENV: readonly string[] = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'LC_*', 'TZ', 'TMPDIR'];

/** A name (`KRB5CCNAME`) or a prefix pattern (`LC_*`, `HADOOP_*`), as `env:` takes them. */
export const ENV_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** Does `name` match one of the patterns (exact names, or `PREFIX*`)? */
export function allowed(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/**
 * The environment for a command: from `from` (breakfix's own), the
 * variables BASE_ENV and `passThrough` allow, then `own` (the BREAKFIX_*
 * values, which nothing from outside overrides).
 */
export function commandEnv(from: NodeJS.ProcessEnv, passThrough: readonly string[], own: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const patterns = [...BASE_ENV, ...passThrough];
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined || name.startsWith('BREAKFIX_')) continue;
    if (allowed(name, patterns)) env[name] = value;
  }
  return { ...env, ...own };
}
