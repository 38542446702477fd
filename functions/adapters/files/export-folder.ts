/**
 * An analytics export folder is changed as a whole or not at all. `hotline export` writes every dataset
 * into a staging folder beside the live ones; only when all are written does it swap them in (one rename
 * per dataset) and write the manifest `export.json` last. Each dataset folder carries the export's id
 * (`_export.json`), so `hotline report` can refuse a folder whose datasets come from different exports
 * (a swap cut short) or that holds no export at all.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = 'export.json';
const MARK = '_export.json';

/** An export folder that cannot be reported on: refused (exit 1). */
export class ExportFolderError extends Error {
  override readonly name = 'ExportFolderError';
}

interface Manifest {
  readonly exportId: string;
  readonly exportedAt: string;
  readonly datasets: readonly string[];
}

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
};

/**
 * Run `write(stagingRoot)`, which writes each of `datasets` as a folder under `stagingRoot`; then swap them
 * into `out`. If `write` fails, `out` is left exactly as it was.
 */
export async function writeExportAtomically<T>(
  out: string,
  datasets: readonly string[],
  write: (stagingRoot: string) => Promise<T>,
  now: Date = new Date(),
): Promise<T> {
  mkdirSync(out, { recursive: true });
  const exportId = randomUUID();
  const staging = join(out, `.staging-${exportId}`);
  const retired = join(out, `.retired-${exportId}`);
  mkdirSync(staging);
  try {
    const result = await write(staging);
    for (const name of datasets) {
      mkdirSync(join(staging, name), { recursive: true });
      writeFileSync(join(staging, name, MARK), JSON.stringify({ exportId }));
    }
    // The old manifest goes first: a swap cut short is then seen as "no complete export", never as whole.
    rmSync(join(out, MANIFEST), { force: true });
    mkdirSync(retired);
    for (const name of datasets) {
      if (existsSync(join(out, name))) renameSync(join(out, name), join(retired, name));
      renameSync(join(staging, name), join(out, name));
    }
    const manifest: Manifest = { exportId, exportedAt: now.toISOString(), datasets: [...datasets] };
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(join(staging, MANIFEST), join(out, MANIFEST));
    return result;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}

/** Check that `dir` holds one complete export of `datasets`; else ExportFolderError saying what to do. */
export function checkExportFolder(dir: string, datasets: readonly string[]): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ExportFolderError(
      `no export in "${dir}": the folder does not exist; run \`hotline export\` first`,
    );
  }
  if (!isDir) throw new ExportFolderError(`"${dir}" is a file, not an export folder`);
  const manifest = readJson(join(dir, MANIFEST)) as Partial<Manifest> | undefined;
  if (!manifest || typeof manifest.exportId !== 'string')
    throw new ExportFolderError(
      `no complete export in "${dir}" (no ${MANIFEST}): run \`hotline export\` (again) first`,
    );
  const mixed = datasets.filter(
    (name) =>
      (readJson(join(dir, name, MARK)) as { exportId?: string } | undefined)?.exportId !== manifest.exportId,
  );
  if (mixed.length)
    throw new ExportFolderError(
      `the export in "${dir}" is mixed: ${mixed.join(', ')} not from the export of ${manifest.exportedAt ?? 'its manifest'}; run \`hotline export\` again`,
    );
}
