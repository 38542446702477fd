/**
 * The local data folder (`--home`, $HOTLINE_HOME) is checked before anything is started in it:
 * a path under /proc, /sys or /dev is refused (DynamoDB Local would spin there, and no data can be
 * kept there), as is a path that exists and is not a folder.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A `--home` that cannot hold the local data: a usage error. */
export class HomeError extends Error {
  override readonly name = 'HomeError';
}

const PSEUDO = ['/proc', '/sys', '/dev'];

/** The nearest existing ancestor of `path`, with symbolic links resolved. */
function realExisting(path: string): string {
  let p = resolve(path);
  for (;;) {
    try {
      return realpathSync(p);
    } catch {
      const up = dirname(p);
      if (up === p) return p;
      p = up;
    }
  }
}

/** `home`, resolved, once it can hold the local data; else HomeError. */
export function checkHome(home: string, label = '--home'): string {
  if (!home.trim()) throw new HomeError(`${label} is empty: give a folder such as ./.hotline`);
  const full = resolve(home);
  const real = realExisting(full);
  for (const root of PSEUDO)
    if (full === root || full.startsWith(`${root}/`) || real === root || real.startsWith(`${root}/`))
      throw new HomeError(
        `${label} "${home}" is under ${root}, which cannot hold data: give a folder such as ./.hotline`,
      );
  let info: ReturnType<typeof statSync> | undefined;
  try {
    info = statSync(full);
  } catch {
    info = undefined;
  }
  if (info && !info.isDirectory()) throw new HomeError(`${label} "${home}" is a file, not a folder`);
  return full;
}
