/**
 * The agent workspace beside the call console (`npm start`): builds the web app if needed, loads the
 * profile's demo knowledge articles on first start, starts the local server on 127.0.0.1 and prints its
 * URL and local users. `follow()`/`ended()` let the app follow the console's current call.
 */
import type { CallResult } from '../../schemas/contact-record.js';
import type { LocalContactCentre } from './contact-centre.js';
import { knowledgeSeedFile, seedKnowledgeOnce } from './knowledge-seed.js';
import { LiveCalls } from './supervisor-local.js';
import {
  type ConsoleCall,
  ConsoleContact,
  ensureWebBuild,
  startWorkspaceServer,
  type WorkspaceServer,
} from './workspace-server.js';

export { knowledgeSeedFile, seedKnowledgeOnce };

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
    // The console's clock, for the seed as for the API: the editor's versions are stamped on one clock.
    const now = () => centre.centre.runtime.clock?.now?.() ?? new Date();
    const seeded = centre.knowledgeSeeded || (await seedKnowledgeOnce(centre.data, centre.profile, now));
    if (seeded) log(`Loaded ${seeded} knowledge articles from ${knowledgeSeedFile(centre.profile)}`);
    server = await startWorkspaceServer({
      profile: centre.profile,
      home: centre.data.home,
      tableEnv: centre.data.tableEnv,
      endpoint: centre.data.endpoint,
      contact,
      s3Endpoint: centre.postCall.s3Endpoint,
      liveCalls: () => live.list(),
      now,
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
