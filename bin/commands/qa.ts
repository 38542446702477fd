/**
 * `hotline qa …`: quality assurance (F18) from the command line. The profile's scorecard, the calls to review
 * (a seeded random sample per agent per week plus every low survey score, complaint and transcript flag), the
 * automated transcript checks, scoring a call, and the agent's side: their evaluations, acknowledging, commenting.
 */
import type { Command } from 'commander';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { DynamoQaContactSource } from '../../functions/adapters/dynamodb/qa-contact-source.js';
import { isoWeek, QaInputError, weekRange } from '../../functions/core/supervision/qa.js';
import {
  acknowledgeEvaluation,
  agentEvaluations,
  checkCall,
  commentOnEvaluation,
  getEvaluation,
  type QaDeps,
  reviewQueue,
  scoreCall,
} from '../../functions/use-cases/supervision/qa.js';
import { type Answer, AnswerSchema, type Evaluation, type Scorecard } from '../../schemas/supervision.js';
import { type GlobalOptions, globalOptions, UsageError } from '../options.js';

const TZ_DEFAULT = process.env.HOTLINE_TIME_ZONE ?? 'Asia/Shanghai';

async function withQa<T>(cmd: Command, fn: (deps: QaDeps, g: GlobalOptions) => Promise<T>): Promise<T> {
  const g = globalOptions(cmd);
  const opts = cmd.optsWithGlobals<{ timeZone?: string; stackPrefix: string }>();
  const timeZone = opts.timeZone ?? TZ_DEFAULT;
  const settings = supervisionOf(g.profile.id);
  // Loaded when used: the Connect and SNS clients stay out of every other command's start-up.
  const { withSupervision } = await import('./supervision-runtime.js');
  return withSupervision(g.location, g.profile, settings.wallboard, timeZone, (rt) =>
    fn(
      {
        contacts: new DynamoQaContactSource(
          rt.doc,
          rt.contactsTable,
          rt.ticketsTable,
          ticketingOf(g.profile.id).tickets.categories,
        ),
        evaluations: rt.repo,
        settings: settings.qa,
        timeZone,
        seed: opts.stackPrefix,
        now: () => new Date(),
      },
      g,
    ),
  );
}

function printScorecard(card: Scorecard): void {
  console.log(`${card.title} (${card.key}); pass mark ${card.passPercent}%`);
  for (const s of card.sections) {
    console.log(`  ${s.title} [${s.key}] — weight ${s.weight}`);
    for (const q of s.questions)
      console.log(
        `    ${q.key.padEnd(10)} ${String(q.weight).padStart(3)}  ${q.title}${q.autoFail ? '  (auto-fail on "no")' : ''}${q.notApplicable ? '  (may be n/a)' : ''}`,
      );
  }
}

function printEvaluation(e: Evaluation, card: Scorecard): void {
  console.log(
    `call ${e.contactId}  agent ${e.agentId}  by ${e.evaluator} at ${e.evaluatedAt}\n` +
      `score ${e.scorePercent.toFixed(1)}% — ${e.autoFailed ? `FAILED (auto-fail: ${e.autoFailQuestions.join(', ')})` : e.passed ? 'passed' : 'below the pass mark'}` +
      `${e.reasons.length ? `  (picked for: ${e.reasons.join(', ')})` : ''}`,
  );
  for (const s of card.sections) {
    const score = e.sectionScores[s.key];
    console.log(
      `  ${s.title.padEnd(28)} ${score === null || score === undefined ? 'n/a' : `${score.toFixed(0)}%`}`,
    );
    for (const q of s.questions) console.log(`    ${(e.answers[q.key] ?? '?').padEnd(3)} ${q.title}`);
  }
  for (const f of e.flags)
    console.log(`  flag: ${f.kind}${f.at === undefined ? '' : ` at ${f.at.toFixed(1)} s`} — ${f.detail}`);
  for (const c of e.comments) console.log(`  ${c.role} ${c.by} (${c.at}): ${c.text}`);
  console.log(
    e.acknowledgedAt ? `  read by the agent at ${e.acknowledgedAt}` : '  not yet read by the agent',
  );
}

/** `greeting=yes,identify=no` and/or repeated `--answer k=v`; `--all yes` answers the rest. */
function parseAnswers(
  list: readonly string[],
  all: string | undefined,
  card: Scorecard,
): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const item of list.flatMap((l) => l.split(','))) {
    const [k, v] = item.split('=').map((x) => x.trim());
    const parsed = AnswerSchema.safeParse(v);
    if (!k || !parsed.success) throw new UsageError(`--answer "${item}" must be QUESTION=yes|no|na`);
    answers[k] = parsed.data;
  }
  if (all !== undefined) {
    const parsed = AnswerSchema.safeParse(all);
    if (!parsed.success) throw new UsageError(`--all "${all}" must be yes, no or na`);
    for (const q of card.sections.flatMap((s) => s.questions)) answers[q.key] ??= parsed.data;
  }
  return answers;
}

export function registerQaCommands(program: Command): void {
  const qa = program
    .command('qa')
    .description(
      'quality assurance: scorecard, calls to review, transcript checks, scoring, the agent’s evaluations',
    )
    .option('--time-zone <tz>', 'time zone of the review weeks', TZ_DEFAULT);

  qa.command('scorecard')
    .description("the profile's scorecard and transcript rules")
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const s = supervisionOf(g.profile.id).qa;
      if (opts.json) {
        console.log(JSON.stringify(s, null, 2));
        return;
      }
      printScorecard(s.scorecard);
      const r = s.transcriptRules;
      console.log(
        `\nReview: ${s.samplePerAgentPerWeek} random call(s) per agent per week, every call with a survey score ≤ ${s.lowSurveyScore}, a complaint or a transcript flag.`,
      );
      console.log('Transcript checks:');
      if (r.greeting)
        console.log(
          `  greeting: one of ${r.greeting.phrases.map((p) => `"${p}"`).join(', ')} within ${r.greeting.withinSeconds} s`,
        );
      if (r.forbiddenPhrases.length)
        console.log(`  forbidden: ${r.forbiddenPhrases.map((p) => `"${p}"`).join(', ')}`);
      if (r.maxSilenceSeconds !== undefined) console.log(`  silence: at most ${r.maxSilenceSeconds} s`);
    });

  qa.command('queue')
    .description('calls to review that are not evaluated yet, with why they were picked')
    .option('--week <yyyy-Www>', 'ISO week (default: the current week)')
    .option('--from <iso>', 'from this time (instead of --week)')
    .option('--to <iso>', 'until this time (instead of --week)')
    .option('--json', 'print JSON')
    .action(async (opts: { week?: string; from?: string; to?: string; json?: boolean }, cmd: Command) => {
      await withQa(cmd, async (deps) => {
        let period: { from: Date; to: Date };
        if (opts.from || opts.to) {
          const from = Date.parse(opts.from ?? '');
          const to = Date.parse(opts.to ?? '');
          if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to)
            throw new UsageError('--from and --to must both be ISO times, --from first');
          period = { from: new Date(from), to: new Date(to) };
        } else period = weekRange(opts.week ?? isoWeek(new Date(), deps.timeZone), deps.timeZone);
        const r = await reviewQueue(deps, period);
        if (opts.json) {
          console.log(JSON.stringify(r, null, 2));
          return;
        }
        console.log(
          `${r.calls} answered call(s) from ${period.from.toISOString()} to ${period.to.toISOString()}; ${r.items.length} to review, ${r.evaluated} already evaluated`,
        );
        for (const i of r.items)
          console.log(
            `  ${i.contactId}  ${i.initiatedAt}  ${i.agentId.padEnd(12)} ${(i.queue ?? '').padEnd(16)} ${i.reasons.join(', ')}${i.surveyScore === null ? '' : `  survey ${i.surveyScore}`}${i.flags.length ? `  flags: ${i.flags.map((f) => f.kind).join(', ')}` : ''}`,
          );
      });
    });

  qa.command('check <contactId>')
    .description("run the profile's automated transcript checks on one call")
    .option('--json', 'print JSON')
    .action(async (contactId: string, opts: { json?: boolean }, cmd: Command) => {
      await withQa(cmd, async (deps) => {
        const r = await checkCall(deps, contactId);
        if (opts.json) console.log(JSON.stringify(r, null, 2));
        else if (!r.hasTranscript) console.log(`call ${contactId} has no transcript yet`);
        else if (r.flags.length === 0) console.log(`call ${contactId}: no flags`);
        else
          for (const f of r.flags)
            console.log(`${f.kind}${f.at === undefined ? '' : ` at ${f.at.toFixed(1)} s`}: ${f.detail}`);
      });
    });

  qa.command('score <contactId>')
    .description('score a call against the scorecard (every question: yes, no or na where allowed)')
    .requiredOption('--by <evaluator>', 'who scores it (supervisor id)')
    .option(
      '--answer <q=a,...>',
      'answers, e.g. greeting=yes,identify=no (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--all <answer>', 'answer every question not given with --answer (yes, no or na)')
    .option('--comment <text>', 'a comment for the agent')
    .option('--replace', 'score again a call already evaluated')
    .option('--json', 'print JSON')
    .action(
      async (
        contactId: string,
        opts: {
          by: string;
          answer: string[];
          all?: string;
          comment?: string;
          replace?: boolean;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        await withQa(cmd, async (deps) => {
          const answers = parseAnswers(opts.answer, opts.all, deps.settings.scorecard);
          const e = await scoreCall(deps, {
            contactId,
            evaluator: opts.by,
            answers,
            ...(opts.comment ? { comment: opts.comment } : {}),
            ...(opts.replace ? { replace: true } : {}),
          });
          if (opts.json) console.log(JSON.stringify(e, null, 2));
          else printEvaluation(e, deps.settings.scorecard);
        });
      },
    );

  qa.command('show <contactId>')
    .description("a call's evaluation: answers, section scores, flags, comments")
    .option('--json', 'print JSON')
    .action(async (contactId: string, opts: { json?: boolean }, cmd: Command) => {
      await withQa(cmd, async (deps) => {
        const e = await getEvaluation(deps, contactId);
        if (opts.json) console.log(JSON.stringify(e, null, 2));
        else printEvaluation(e, deps.settings.scorecard);
      });
    });

  qa.command('agent <agentId>')
    .description("an agent's evaluations, newest first (what the agent sees); --ack marks them read")
    .option('--ack', 'mark every evaluation shown as read by the agent')
    .option('--json', 'print JSON')
    .action(async (agentId: string, opts: { ack?: boolean; json?: boolean }, cmd: Command) => {
      await withQa(cmd, async (deps) => {
        let list = await agentEvaluations(deps, agentId);
        if (opts.ack)
          list = await Promise.all(
            list.map((e) => acknowledgeEvaluation(deps, { contactId: e.contactId, agentId })),
          );
        if (opts.json) {
          console.log(JSON.stringify(list, null, 2));
          return;
        }
        if (list.length === 0) console.log(`no evaluations of ${agentId}`);
        for (const e of list)
          console.log(
            `${e.evaluatedAt}  ${e.contactId}  ${e.scorePercent.toFixed(1).padStart(5)}%  ${e.autoFailed ? 'auto-failed' : e.passed ? 'passed' : 'below pass'}  ${e.acknowledgedAt ? 'read' : 'NEW'}${e.comments.length ? `  ${e.comments.length} comment(s)` : ''}`,
          );
      });
    });

  qa.command('comment <contactId>')
    .description('comment on an evaluation, as the agent evaluated or a supervisor')
    .requiredOption('--by <id>', 'who comments (the agent id for --role agent)')
    .requiredOption('--text <text>', 'the comment')
    .option('--role <role>', 'agent or supervisor', 'agent')
    .action(async (contactId: string, opts: { by: string; text: string; role: string }, cmd: Command) => {
      if (opts.role !== 'agent' && opts.role !== 'supervisor')
        throw new UsageError(`--role "${opts.role}" must be agent or supervisor`);
      const role = opts.role;
      await withQa(cmd, async (deps) => {
        const e = await commentOnEvaluation(deps, { contactId, by: opts.by, role, text: opts.text });
        console.log(`comment added (${e.comments.length} on call ${contactId})`);
      });
    });
}

export { QaInputError };
