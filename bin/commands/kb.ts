/**
 * `hotline kb …`: the knowledge base (F13). Import articles from Markdown (front matter per article) or CSV,
 * list them, and search them as agents do. Thin: parse, call the knowledge use cases, print.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Command } from 'commander';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoKnowledgeRepository } from '../../functions/adapters/dynamodb/knowledge-repository.js';
import { parseCsvArticles, parseMarkdownArticles } from '../../functions/core/knowledge/article-file.js';
import {
  importArticles,
  type KnowledgeDeps,
  newKnowledgeDeps,
  searchArticles,
} from '../../functions/use-cases/knowledge/knowledge-base.js';
import { closeDocumentClient, openLocalData } from '../../infra/local/local-data.js';
import type { Profile } from '../../schemas/profile.js';
import { KNOWLEDGE_TABLE } from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';
import { type DataLocation, dataStackName, RuntimeError } from '../runtime.js';

export const KNOWLEDGE_TABLE_OUTPUT = 'KnowledgeTableName';

async function withKnowledge<T>(
  location: DataLocation,
  profile: Profile,
  fn: (deps: KnowledgeDeps) => Promise<T>,
): Promise<T> {
  if (location.aws) {
    const cfn = new CloudFormationClient({});
    const stackName = dataStackName(location.stackPrefix);
    let table: string | undefined;
    try {
      const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((err: Error) => {
        throw new RuntimeError(`cannot read stack ${stackName}: ${err.message}`);
      });
      table = out.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === KNOWLEDGE_TABLE_OUTPUT)?.OutputValue;
    } finally {
      cfn.destroy();
    }
    if (!table)
      throw new RuntimeError(`stack ${stackName} has no output ${KNOWLEDGE_TABLE_OUTPUT}: redeploy`);
    const doc = createDocumentClient({ connectionTimeoutMs: 3000, requestTimeoutMs: 10_000, maxAttempts: 5 });
    try {
      return await fn(newKnowledgeDeps(new DynamoKnowledgeRepository(doc, table), knowledgeOf(profile.id)));
    } finally {
      closeDocumentClient(doc);
    }
  }
  const local = await openLocalData(location.home);
  try {
    const table = local.tableEnv[KNOWLEDGE_TABLE.envVar] as string;
    return await fn(
      newKnowledgeDeps(new DynamoKnowledgeRepository(local.doc, table), knowledgeOf(profile.id)),
    );
  } finally {
    await local.close();
  }
}

export function registerKnowledgeCommands(program: Command): void {
  const kb = program.command('kb').description('knowledge base: import, list and search articles');

  kb.command('import')
    .description(
      'import articles from Markdown (front matter per article) or CSV (id,title,category,tags,body)',
    )
    .argument('<file>', '.md or .csv')
    .option('--format <format>', 'md or csv (default: from the extension)')
    .option('--by <user>', 'who imports (the versions record it)', 'cli')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { format?: string; by: string; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const format = opts.format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : 'md');
      if (format !== 'md' && format !== 'csv') throw new UsageError('--format must be md or csv');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const rows = format === 'csv' ? parseCsvArticles(text) : parseMarkdownArticles(text);
      const summary = await withKnowledge(g.location, g.profile, (deps) =>
        importArticles(deps, rows, opts.by),
      );
      if (opts.json) console.log(JSON.stringify(summary, null, 2));
      else {
        console.log(
          `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`,
        );
        for (const r of summary.rejected) console.log(`  line ${r.line}: ${r.reason}`);
      }
      if (summary.rejected.length) process.exitCode = 1;
    });

  kb.command('search')
    .description('search articles as agents do (Chinese word segmentation, ranked)')
    .argument('[query...]', 'words to search for')
    .option('--menu-key <key>', 'with no query: the articles suggested for this IVR menu key')
    .option('--limit <n>', 'at most this many', '10')
    .option('--json', 'print JSON')
    .action(
      async (words: string[], opts: { menuKey?: string; limit: string; json?: boolean }, cmd: Command) => {
        const g = globalOptions(cmd);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 50)
          throw new UsageError('--limit must be 1 to 50');
        const r = await withKnowledge(g.location, g.profile, (deps) =>
          searchArticles(deps, {
            q: words.join(' '),
            ...(opts.menuKey ? { menuKey: opts.menuKey } : {}),
            limit,
          }),
        );
        if (opts.json) {
          console.log(JSON.stringify(r, null, 2));
          return;
        }
        if (r.hits.length === 0) console.log('no articles found');
        for (const h of r.hits)
          console.log(`${h.score.toFixed(2).padStart(6)}  ${h.articleId}  ${h.title}\n        ${h.snippet}`);
      },
    );

  kb.command('categories')
    .description("the profile's knowledge categories")
    .action((_opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      for (const c of knowledgeOf(g.profile.id).categories)
        console.log(`${c.key.padEnd(12)} ${c.label['zh-CN']} / ${c.label['en-US']}`);
    });
}
