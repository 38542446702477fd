/**
 * bin/build-check.mjs decides whether bin/hotline.js runs the prebuilt CLI: by content, not by clock.
 * (The CI that first ran the time-only check gave the fresh clone's files times the check refused.)
 */
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMatches, fingerprint, type ManifestInput } from '../../bin/build-check.mjs';

function folderWithBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-build-check-'));
  const file = join(dir, 'a.ts');
  writeFileSync(file, 'export const a = 1;\n');
  const s = statSync(file);
  const manifest = {
    builtAt: Date.now(),
    inputs: [['a.ts', s.size, Math.floor(s.mtimeMs), fingerprint(readFileSync(file))] as ManifestInput],
  };
  return { root: pathToFileURL(`${dir}/`), file, manifest, s };
}

describe('whether the build matches the sources', () => {
  it('matches the sources it was built from', () => {
    const { root, manifest } = folderWithBuild();
    expect(buildMatches(root, manifest)).toBe(true);
  });

  it('still matches a file only touched, or given a time in the future (same bytes, same code)', () => {
    const { root, file, manifest, s } = folderWithBuild();
    utimesSync(file, s.atime, new Date(s.mtimeMs + 60_000));
    expect(buildMatches(root, manifest)).toBe(true);
    utimesSync(file, s.atime, new Date(Date.now() + 86_400_000));
    expect(buildMatches(root, manifest)).toBe(true);
  });

  it('does not match an edit that keeps the size, whatever its time', () => {
    const { root, file, manifest, s } = folderWithBuild();
    writeFileSync(file, 'export const a = 2;\n');
    expect(buildMatches(root, manifest)).toBe(false);
    utimesSync(file, s.atime, new Date(s.mtimeMs + 1_000));
    expect(buildMatches(root, manifest)).toBe(false);
    utimesSync(file, s.atime, new Date(s.mtimeMs - 86_400_000));
    expect(buildMatches(root, manifest)).toBe(false);
  });

  it('trusts an unchanged time only when it is safely older than the build (a racy file is read)', () => {
    const { root, file } = folderWithBuild();
    // A whole second: file times set through utimes round-trip exactly.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(file, at, at);
    const s = statSync(file);
    const recorded: ManifestInput = ['a.ts', s.size, Math.floor(s.mtimeMs), fingerprint(readFileSync(file))];
    // Same size, same time, other bytes: what an edit in the same moment as the build looks like.
    writeFileSync(file, 'export const a = 3;\n');
    utimesSync(file, at, at);
    expect(buildMatches(root, { builtAt: at.getTime() + 1_000, inputs: [recorded] })).toBe(false);
    // Built well after the file's time: the time is trusted (the fast path, which reads no file).
    expect(buildMatches(root, { builtAt: at.getTime() + 10_000, inputs: [recorded] })).toBe(true);
  });

  it('does not match a grown file, an old manifest without hashes, or an empty one', () => {
    const { root, file, manifest, s } = folderWithBuild();
    const old = { inputs: manifest.inputs.map(([p, size, mtime]) => [p, size, mtime - 1]) } as never;
    expect(buildMatches(root, old)).toBe(false);
    expect(buildMatches(root, { inputs: [] })).toBe(false);
    expect(buildMatches(root, undefined)).toBe(false);
    writeFileSync(file, 'export const a = 10;\n');
    utimesSync(file, s.atime, s.mtime);
    expect(buildMatches(root, manifest)).toBe(false);
  });
});
