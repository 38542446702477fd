/**
 * Whether bin/dist still matches the sources it was built from (used by bin/hotline.js, written by
 * bin/build.mjs). Each source is recorded as [path, size, mtimeMs, sha256 of the bytes esbuild read].
 *
 * Modification times alone are not trusted: a fresh clone, a copy or a container can give files times
 * in the future of the build or shift them all, and a file touched without a change is the same code.
 * So a matching size and time is the fast path, and any other time is settled by the content hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** The fingerprint recorded for a source's bytes. */
export function fingerprint(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * True when the manifest lists at least one source and every one is unchanged (by size and time, or
 * failing that by content). `root` is a file: URL of the folder the manifest's paths are relative to.
 */
export function buildMatches(root, manifest) {
  if (!Array.isArray(manifest?.inputs) || manifest.inputs.length === 0) return false;
  for (const [path, size, mtimeMs, sha256] of manifest.inputs) {
    const url = new URL(path, root);
    const s = statSync(url);
    if (s.size !== size) return false;
    if (Math.floor(s.mtimeMs) === mtimeMs) continue;
    if (typeof sha256 !== 'string' || fingerprint(readFileSync(url)) !== sha256) return false;
  }
  return true;
}
