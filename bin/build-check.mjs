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

/** How much older than the build a source's time must be for the time alone to be trusted. */
const RACY_MS = 2000;

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
    // The time is trusted only when it is safely older than the build: a file saved in the same moment as it was
    // read (or as the build ran, on a file system with coarse times) may have changed since without its time or
    // size changing (git's "racy" files). Those, and a manifest without builtAt, are settled by content.
    if (Math.floor(s.mtimeMs) === mtimeMs && mtimeMs < (manifest.builtAt ?? 0) - RACY_MS) continue;
    if (typeof sha256 !== 'string' || fingerprint(readFileSync(url)) !== sha256) return false;
  }
  return true;
}
