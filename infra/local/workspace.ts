/**
 * The agent workspace beside the call console (`npm start`): builds the web app if needed, loads the
 * profile's demo knowledge articles on first start, starts the local server on 127.0.0.1 and prints its
 * URL and local users. `follow()`/`ended()` let the app follow the console's current call.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { DynamoKnowledgeRepository } from '../../functions/adapters/dynamodb/knowledge-repository.js';
import { parseMarkdownArticles } from '../../functions/core/knowledge/article-file.js';
import { importArticles, newKnowledgeDeps } from '../../functions/use-cases/knowledge/knowledge-base.js';
import type { CallResult } from '../../schemas/contact-record.js';
import type { Profile } from '../../schemas/profile.js';
import { KNOWLEDGE_TABLE } from '../../schemas/tables.js';
import type { LocalContactCentre } from './contact-centre.js';
import type { LocalData } from './local-data.js';
import { LiveCalls } from './supervisor-local.js';
import {
  type ConsoleCall,
  ConsoleContact,
  ensureWebBuild,
  startWorkspaceServer,
  type WorkspaceServer,
} from './workspace-server.js';

const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'seed', 'knowledge');

export const knowledgeSeedFile = (profile: Profile) => join(SEED_DIR, `${profile.id}.md`);

/** Load the profile's demo articles once per home (a marker file remembers it). */
export async function seedKnowledgeOnce(data: LocalData, profile: Profile): Promise<number> {
  const marker = join(data.home, `knowledge-seeded-${profile.id}`);
  const file = knowledgeSeedFile(profile);
  if (existsSync(marker) || !existsSync(file)) return 0;
  const table = data.tableEnv[KNOWLEDGE_TABLE.envVar] as string;
  const deps = newKnowledgeDeps(new DynamoKnowledgeRepository(data.doc, table), knowledgeOf(profile.id));
  const summary = await importArticles(deps, parseMarkdownArticles(readFileSync(file, 'utf8')), 'admin');
  writeFileSync(marker, new Date().toISOString());
  return summary.created + summary.updated;
}

export interface LocalWorkspace {
  readonly url: string;
  follow(opts: ConsoleCall): ConsoleCall;
  ended(result: CallResult): void;
  close(): Promise<void>;
}

export async function openWorkspace(
  centre: LocalContactCentre,
  log: (line: string) => void = console.log,
): Promise<LocalWorkspace> {
  const contact = new ConsoleContact();
  const live = new LiveCalls();
  let server: WorkspaceServer | undefined;
  if (process.env.HOTLINE_WORKSPACE === 'off')
    return { url: '', follow: (opts) => opts, ended: () => {}, close: async () => {} };
  try {
    await ensureWebBuild(log);
    const seeded = centre.knowledgeSeeded || (await seedKnowledgeOnce(centre.data, centre.profile));
    if (seeded) log(`Loaded ${seeded} knowledge articles from ${knowledgeSeedFile(centre.profile)}`);
    server = await startWorkspaceServer({
      profile: centre.profile,
      home: centre.data.home,
      tableEnv: centre.data.tableEnv,
      endpoint: centre.data.endpoint,
      contact,
      s3Endpoint: centre.postCall.s3Endpoint,
      liveCalls: () => live.list(),
      now: () => centre.centre.runtime.clock?.now?.() ?? new Date(),
    });
    const names = server.users.map((u) => u.username).join(', ');
    log(`Agent workspace: ${server.url}  (users ${names}; password ${server.password})`);
  } catch (err) {
    log(`The agent workspace could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    url: server?.url ?? '',
    follow: (opts) => live.follow(contact.follow(opts)),
    ended: (result) => {
      contact.ended(result);
      live.ended(result.contactId);
    },
    close: async () => {
      await server?.close();
    },
  };
}
