/**
 * The profile's demo knowledge articles (`infra/local/seed/knowledge/<profile>.md`), loaded once per home: by the
 * workspace (`npm start`), and by the local contact centre for a profile whose IVR speaks FAQ answers (its calls
 * read them, `hotline call` too). No web or server code here: the CLI bundle imports it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { DynamoKnowledgeRepository } from '../../functions/adapters/dynamodb/knowledge-repository.js';
import { parseMarkdownArticles } from '../../functions/core/knowledge/article-file.js';
import { importArticles, newKnowledgeDeps } from '../../functions/use-cases/knowledge/knowledge-base.js';
import type { Profile } from '../../schemas/profile.js';
import { KNOWLEDGE_TABLE } from '../../schemas/tables.js';
import type { LocalData } from './local-data.js';

const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'knowledge');

export const knowledgeSeedFile = (profile: Profile) => join(SEED_DIR, `${profile.id}.md`);

/**
 * Load the profile's demo articles once per home (a marker file remembers it), stamped on `now`: the console's
 * clock, which the knowledge editor's later versions are stamped on too.
 */
export async function seedKnowledgeOnce(
  data: LocalData,
  profile: Profile,
  now: () => Date = () => new Date(),
): Promise<number> {
  const marker = join(data.home, `knowledge-seeded-${profile.id}`);
  const file = knowledgeSeedFile(profile);
  if (existsSync(marker) || !existsSync(file)) return 0;
  const table = data.tableEnv[KNOWLEDGE_TABLE.envVar] as string;
  const deps = newKnowledgeDeps(new DynamoKnowledgeRepository(data.doc, table), knowledgeOf(profile.id), {
    now,
  });
  const summary = await importArticles(deps, parseMarkdownArticles(readFileSync(file, 'utf8')), 'admin');
  writeFileSync(marker, new Date().toISOString());
  return summary.created + summary.updated;
}
