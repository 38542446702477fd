/** Types of bin/build-check.mjs (plain JavaScript so that bin/hotline.js can load it without tsx). */
export type ManifestInput = [path: string, size: number, mtimeMs: number, sha256: string];
export function fingerprint(bytes: Uint8Array | string): string;
export function buildMatches(
  root: URL,
  manifest: { builtAt?: number; inputs?: ManifestInput[] } | undefined,
): boolean;
