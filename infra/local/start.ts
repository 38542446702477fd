/**
 * `npm start`: the local contact centre, no AWS account needed. Starts DynamoDB Local with the
 * data kept under $HOTLINE_HOME (default ./.hotline), loads the profile's demo customers on
 * the first start, and opens a console where you dial in from a number and see what the
 * inbound flow's caller lookup answers (the real Lambda handler, in process).
 * Ends on Ctrl-C or when its input closes, stopping DynamoDB Local if it started it.
 *
 *   npm start -- --profile logistics --home /tmp/hotline
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { createCallerLookupHandler, lookupDepsFromEnv } from '../../functions/caller-lookup/handler.js';
import { PROFILE_IDS, type ProfileId } from '../../schemas/profile.js';
import { openLocalData } from './local-data.js';
import { seedFile, seedOnce } from './seed.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: process.env.HOTLINE_PROFILE ?? 'auto-dealer' },
    home: { type: 'string', default: process.env.HOTLINE_HOME || './.hotline' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('npm start [-- --profile auto-dealer|logistics|distribution|outsourced-crm] [--home DIR]');
  process.exit(0);
}
if (!(PROFILE_IDS as readonly string[]).includes(values.profile)) {
  console.error(`--profile must be one of ${PROFILE_IDS.join(', ')}`);
  process.exit(2);
}
const profile = getProfile(values.profile as ProfileId);

console.log(
  `Hotline local contact centre — profile ${profile.id} (${profile.title}), data in ${values.home}`,
);
console.log('Starting DynamoDB Local…');
const data = await openLocalData(values.home);
let stopping: Promise<void> | undefined;
const stop = (code: number) => {
  stopping ??= data
    .close()
    .catch((err: unknown) => console.error(`could not stop DynamoDB Local: ${String(err)}`))
    .finally(() => process.exit(code));
  return stopping;
};
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

try {
  const seeded = await seedOnce(data.home, profile, data.crm);
  if (seeded)
    console.log(`Loaded ${seeded.created + seeded.updated} demo customers from ${seedFile(profile.id)}`);
} catch (err) {
  console.error(`Could not load the demo customers: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}

const lookup = createCallerLookupHandler({
  logger: new Logger({ serviceName: 'caller-lookup', logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Hotline' }),
  lookup: lookupDepsFromEnv({
    ...data.tableEnv,
    DYNAMODB_ENDPOINT: data.endpoint,
    HOTLINE_PROFILE: profile.id,
    LOOKUP_BUDGET_MS: '1500',
  }),
});

console.log(`
Dial in: type the number you call from (any format, e.g. 138-0013-8000), or "anonymous".
See the screen pop the inbound flow receives. Change data with \`npx hotline crm …\` in another terminal.
Ctrl-C or Ctrl-D ends.
`);

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
rl.on('SIGINT', () => rl.close());
let calls = 0;
for await (const line of rl) {
  const from = line.trim();
  if (from === '') {
    process.stdout.write('number> ');
    continue;
  }
  calls++;
  const contactId = `local-${Date.now().toString(36)}-${calls}`;
  const event = {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: contactId,
        CustomerEndpoint: from === 'anonymous' ? null : { Address: from, Type: 'TELEPHONE_NUMBER' },
        SystemEndpoint: { Address: '+864008000000', Type: 'TELEPHONE_NUMBER' },
        InitialContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN: 'arn:aws:connect:local:000000000000:instance/00000000-0000-0000-0000-000000000000',
        LanguageCode: 'zh-CN',
        Queue: null,
      },
      Parameters: { phoneNumber: from === 'anonymous' ? '' : from },
    },
  };
  const started = performance.now();
  const answer = await lookup(event, {
    awsRequestId: contactId,
    functionName: 'caller-lookup',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:hotline-caller-lookup',
    memoryLimitInMB: '512',
    logGroupName: 'local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 3000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  });
  const ms = performance.now() - started;
  console.log(`\n📞 ${from} → caller lookup (${ms.toFixed(0)} ms)`);
  const width = Math.max(...Object.keys(answer).map((k) => k.length));
  for (const [k, v] of Object.entries(answer)) console.log(`  ${k.padEnd(width)}  ${v}`);
  const route =
    answer.blocked === 'true'
      ? `blocked (${answer.blockReason}): polite message, then disconnect`
      : answer.vip === 'true'
        ? `VIP: priority 1, ${answer.dedicatedAgentId ? `dedicated agent ${answer.dedicatedAgentId}` : `queue ${answer.queueHint}`}`
        : answer.queueHint
          ? `queue ${answer.queueHint}`
          : 'menu, then the chosen queue';
  console.log(`  → routing: ${route}\n`);
  process.stdout.write('number> ');
}
await stop(0);
