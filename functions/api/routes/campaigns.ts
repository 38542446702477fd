/**
 * The agent on an outbound campaign call (issue 13): the campaign's dispositions and where the contact stands, and
 * the disposition the agent records, through the one use case `hotline campaigns record` uses
 * (use-cases/campaigns/record-disposition.ts → the dialler's `recordOutcome`): the same rules, do-not-call list,
 * feeding of the ticket, order, pickup or lead, and once-only write. The agent is the caller's token; a request
 * repeated for the same call changes nothing.
 */
import {
  CampaignCallSchema,
  CampaignEntryParamsSchema,
  DispositionResultSchema,
  RecordDispositionBodySchema,
} from '../../../schemas/api-campaigns.js';
import type { Attempt, ListEntry } from '../../../schemas/campaigns.js';
import {
  CampaignNotFoundError,
  recordAgentDisposition,
} from '../../use-cases/campaigns/record-disposition.js';
import { CampaignsUnavailableError } from '../problems.js';
import { json, type RouteKit } from '../route-kit.js';

const attemptView = (a: Attempt) => ({
  n: a.n,
  at: a.at,
  result: a.result,
  ...(a.disposition ? { disposition: a.disposition } : {}),
  ...(a.agentId ? { agentId: a.agentId } : {}),
  ...(a.contactId ? { contactId: a.contactId } : {}),
  ...(a.callbackAt ? { callbackAt: a.callbackAt } : {}),
  ...(a.effect ? { effect: a.effect } : {}),
});

const entryView = (e: ListEntry) => ({
  entryId: e.entryId,
  status: e.status,
  attempts: e.attempts,
  ...(e.disposition ? { disposition: e.disposition } : {}),
  ...(e.status === 'pending' && e.nextAt ? { nextAt: e.nextAt } : {}),
  ...(e.effect ? { effect: e.effect } : {}),
});

export function registerCampaignRoutes({ app, route, audit, deps }: RouteKit): void {
  const campaignsOf = () => {
    if (!deps.campaigns) throw new CampaignsUnavailableError('outbound campaigns are not configured here');
    return deps.campaigns;
  };

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/campaigns/{name}/entries/{entryId}',
      operationId: 'getCampaignCall',
      summary: "A campaign call: the campaign's dispositions and where the contact stands",
      description:
        'The workspace reads it when the current contact is a campaign call (its attributes `campaign` and `campaignEntry`).',
      request: { params: CampaignEntryParamsSchema },
      responses: json(CampaignCallSchema),
    }),
    async (c) => {
      const d = campaignsOf();
      const { name, entryId } = c.req.valid('param');
      const campaign = await d.campaigns.get(name);
      if (!campaign) throw new CampaignNotFoundError(`no campaign "${name}"`);
      const entry = await d.campaigns.entry(name, entryId);
      if (!entry) throw new CampaignNotFoundError(`campaign ${name} has no entry ${entryId}`);
      const last = entry.attempts > 0 ? await d.campaigns.attempt(name, entryId, entry.attempts) : undefined;
      return c.json(
        {
          campaign: {
            name: campaign.name,
            purpose: campaign.purpose,
            mode: campaign.mode,
            status: campaign.status,
            dispositions: campaign.dispositions,
          },
          entry: entryView(entry),
          ...(last ? { lastAttempt: attemptView(last) } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    route('agent', {
      method: 'post',
      path: '/api/campaigns/{name}/entries/{entryId}/disposition',
      operationId: 'recordCampaignDisposition',
      summary:
        "Record the agent's disposition of a campaign call (the same rules and feeding as the dialler)",
      description:
        "The use case of `hotline campaigns record`: the attempt is written once, the contact is retried, called back, finished or put on the campaign's do-not-call list, and its ticket, order, pickup or lead is fed. The agent is the logged-in user. The same `contactId` is recorded once: a repeated request answers `recorded: false`; another disposition for it is a 409.",
      request: {
        params: CampaignEntryParamsSchema,
        body: { required: true, content: { 'application/json': { schema: RecordDispositionBodySchema } } },
      },
      responses: json(DispositionResultSchema),
    }),
    async (c) => {
      const d = campaignsOf();
      const { name, entryId } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = c.get('user');
      const r = await recordAgentDisposition(d, {
        campaign: name,
        entryId,
        disposition: body.disposition,
        at: d.now(),
        agentId: user.username.slice(0, 64),
        contactId: body.contactId,
        ...(body.callbackAt ? { callbackAt: new Date(body.callbackAt) } : {}),
      });
      if (r.recorded)
        await audit(c, 'recordCampaignDisposition', `campaign:${name}/${entryId}`, {
          disposition: { after: r.attempt.disposition },
          attempt: { after: r.attempt.n },
          contactId: { after: body.contactId },
          status: { before: 'pending', after: r.entry.status },
          ...(r.attempt.callbackAt ? { callbackAt: { after: r.attempt.callbackAt } } : {}),
          ...(r.attempt.effect ? { effect: { after: r.attempt.effect } } : {}),
        });
      return c.json(
        { recorded: r.recorded, attempt: attemptView(r.attempt), entry: entryView(r.entry) },
        200,
      );
    },
  );
}
