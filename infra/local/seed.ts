import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import type { CrmRepository } from '../../functions/ports/crm-repository.js';
import { type ImportSummary, importCustomers } from '../../functions/use-cases/import-customers.js';
import type { Profile, ProfileId } from '../../schemas/profile.js';

/** The demo customers shipped for a profile (also the sample file for `hotline crm import`). */
export const seedFile = (profile: ProfileId): string =>
  join(repoRoot(), 'infra', 'local', 'seed', `${profile}.csv`);

/** The repository's root, from this module's place in the sources or in the CLI's build (bin/dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(dir, 'infra', 'local', 'seed')); i++) dir = dirname(dir);
  return dir;
}

/**
 * Load a profile's demo customers into the local data once. A marker in `home` records it, so
 * a later start does not undo what an operator changed with `hotline crm …`.
 */
export async function seedOnce(
  home: string,
  profile: Profile,
  crm: Pick<CrmRepository, 'getCustomers' | 'saveCustomer'>,
): Promise<ImportSummary | undefined> {
  const marker = join(home, 'seeded.json');
  const seeded: string[] = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as string[]) : [];
  if (seeded.includes(profile.id)) return undefined;
  const file = await openCustomerFile(seedFile(profile.id));
  const summary = await importCustomers({ crm }, file.rows(), { region: profile.phoneRegion });
  if (summary.rejected > 0) {
    const lines = summary.rejectedRows.map((r) => `line ${r.line}: ${r.reasons.join('; ')}`).join(', ');
    throw new Error(`the demo data ${file.path} has bad rows: ${lines}`);
  }
  writeFileSync(marker, JSON.stringify([...seeded, profile.id]));
  return summary;
}
