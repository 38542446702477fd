import type { CallResult } from '../../schemas/contact-record.js';

/**
 * Scripted keys as written on a command line: `1,6` are successive inputs; an empty item or `T` is no input
 * (the input times out); `123456#` is one stored multi-digit input; `say:check my balance` is an utterance for a
 * Lex bot (ConnectParticipantWithLexBot).
 */
export function parseKeys(keys: string): Array<string | null> {
  if (keys.trim() === '') return [];
  return keys.split(',').map((item) => {
    const k = item.trim();
    if (k === '' || k.toUpperCase() === 'T') return null;
    if (/^say:/i.test(k)) {
      const said = k.slice(4).trim();
      if (said === '') throw new Error('"say:" needs the words, e.g. say:check my balance');
      return said;
    }
    if (!/^[0-9*#]+$/.test(k)) {
      throw new Error(`"${k}" is not DTMF keys: use digits, * and #; an empty item or T for no input`);
    }
    return k;
  });
}

/** A readable transcript of a call: flows, prompts, keys, Lambdas, queue, agent, outcome, notes. */
export function formatTranscript(result: CallResult): string {
  const out: string[] = [];
  const t0 = Date.parse(result.events[0]?.at ?? result.ctr.InitiationTimestamp);
  const clock = (iso: string) => {
    const s = Math.max(0, Math.round((Date.parse(iso) - t0) / 1000));
    return `+${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  out.push(`Contact ${result.contactId} (${result.channel}) at ${result.ctr.InitiationTimestamp}`);
  for (const e of result.events) {
    const label = {
      flow: 'flow   ',
      prompt: 'says   ',
      input: 'caller ',
      lambda: 'lambda ',
      queue: 'queue  ',
      agent: 'agent  ',
      callback: 'callbck',
      disconnect: 'end    ',
      note: 'note   ',
    }[e.kind];
    const text = e.kind === 'prompt' ? `"${e.text}"` : e.text;
    out.push(`  ${clock(e.at)}  ${label}  ${text}`);
  }
  const o = result.outcome;
  const parts = [o.type.toUpperCase()];
  if (o.agent) parts.push(`agent ${o.agent.name}`);
  if (o.queue) parts.push(`queue ${o.queue.name}`);
  if (o.priority !== undefined) parts.push(`priority ${o.priority}`);
  if (o.callbackNumber) parts.push(`callback ${o.callbackNumber}`);
  if (o.thirdPartyNumber) parts.push(`to ${o.thirdPartyNumber}`);
  out.push(`Outcome: ${parts.join(', ')}${o.reason ? ` (${o.reason})` : ''}`);
  const attributes = Object.entries(result.attributes);
  if (attributes.length) out.push(`Attributes: ${attributes.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  const tags = Object.entries(result.tags ?? {});
  if (tags.length) out.push(`Tags: ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const note of result.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}
