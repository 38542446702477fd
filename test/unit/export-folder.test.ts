import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExportFolder, writeExportAtomically } from '../../functions/adapters/files/export-folder.js';

const DATASETS = ['contacts', 'tickets', 'surveys'];
const writeAll = (tag: string) => async (root: string) => {
  for (const d of DATASETS) {
    mkdirSync(join(root, d, 'dt=2026-11-23'), { recursive: true });
    writeFileSync(join(root, d, 'dt=2026-11-23', 'part-0.parquet'), tag);
  }
};
const content = (out: string, d: string) =>
  readFileSync(join(out, d, 'dt=2026-11-23', 'part-0.parquet'), 'utf8');

describe('analytics export folder', () => {
  it('a failed export leaves the previous one whole, and the report accepts it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hotline-export-')), 'analytics');
    await writeExportAtomically(out, DATASETS, writeAll('first'));
    checkExportFolder(out, DATASETS);
    await expect(
      writeExportAtomically(out, DATASETS, async (root) => {
        mkdirSync(join(root, 'contacts', 'dt=2026-11-24'), { recursive: true });
        writeFileSync(join(root, 'contacts', 'dt=2026-11-24', 'part-0.parquet'), 'second');
        throw new Error('DynamoDB went away');
      }),
    ).rejects.toThrow('DynamoDB went away');
    for (const d of DATASETS) expect(content(out, d)).toBe('first');
    expect(existsSync(join(out, 'contacts', 'dt=2026-11-24'))).toBe(false);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    checkExportFolder(out, DATASETS);
  });

  it('the report refuses a mixed export, a folder with no export and a missing folder', async () => {
    const base = mkdtempSync(join(tmpdir(), 'hotline-export-'));
    const a = join(base, 'a');
    const b = join(base, 'b');
    await writeExportAtomically(a, DATASETS, writeAll('a'));
    await writeExportAtomically(b, DATASETS, writeAll('b'));
    // contacts/ from another export beside the old tickets/ and surveys/
    writeFileSync(join(a, 'contacts', '_export.json'), readFileSync(join(b, 'contacts', '_export.json')));
    expect(() => checkExportFolder(a, DATASETS)).toThrow(/is mixed: contacts not from the export of/);
    mkdirSync(join(base, 'empty'));
    expect(() => checkExportFolder(join(base, 'empty'), DATASETS)).toThrow(/no complete export/);
    expect(() => checkExportFolder(join(base, 'missing'), DATASETS)).toThrow(
      /does not exist; run `hotline export` first/,
    );
  });
});
