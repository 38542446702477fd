import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getProfile, PROFILES } from '../../contact-flows/profiles/index.js';
import { pickupSettingsOf } from '../../contact-flows/profiles/pickups.js';
import { DAYS, LANGUAGES, PROFILE_IDS, type ProfileId, ProfileSchema } from '../../schemas/profile.js';

const QUEUES: Record<ProfileId, string[]> = {
  'auto-dealer': ['general', 'vip', 'repair', 'insurance', 'rescue', 'club', 'complaints'],
  logistics: [
    'general',
    'vip',
    'pickup',
    'tracking',
    'complaints',
    'claims',
    'branch-shanghai',
    'branch-hangzhou',
    'branch-suzhou',
    'branch-ningbo',
    'branch-nanjing',
  ],
  distribution: ['general', 'vip', 'orders', 'complaints', 'branch-north', 'branch-south', 'branch-east'],
  'outsourced-crm': ['general', 'vip', 'sales', 'service', 'retention'],
};

/** Longest stack prefix (32) and the space the connect stack puts before each Connect name. */
const PREFIX_ROOM = 33;

describe('industry profiles', () => {
  it('registers the four profiles under their own ids', () => {
    expect(Object.keys(PROFILES).sort()).toEqual([...PROFILE_IDS].sort());
    for (const id of PROFILE_IDS) expect(getProfile(id).id).toBe(id);
  });

  describe.each(PROFILE_IDS)('%s', (id) => {
    const profile = getProfile(id);

    it('has its queues with stable keys, general and vip among them', () => {
      expect(profile.queues.map((q) => q.key)).toEqual(QUEUES[id]);
      expect(profile.generalQueue).toBe('general');
      expect(profile.vipQueue).toBe('vip');
      expect(profile.phoneRegion).toBe('CN');
    });

    it('serves every queue from some routing profile (no queue where calls wait forever)', () => {
      const served = new Set(profile.routingProfiles.flatMap((rp) => rp.queues.map((q) => q.queue)));
      for (const q of profile.queues) expect(served, `queue ${q.key}`).toContain(q.key);
    });

    it('keeps Connect names within 127 characters with the longest stack prefix', () => {
      const names = [
        ...Object.values(profile.hours).map((h) => h.name),
        ...profile.queues.map((q) => q.name),
        ...profile.routingProfiles.map((rp) => rp.name),
      ];
      for (const name of names) expect(name.length + PREFIX_ROOM).toBeLessThanOrEqual(127);
      expect(new Set(profile.queues.map((q) => q.name)).size).toBe(profile.queues.length);
      expect(new Set(Object.values(profile.hours).map((h) => h.name)).size).toBe(
        Object.keys(profile.hours).length,
      );
    });

    it('gives each routing profile at most 5 queues (10 queue configs with voice and chat)', () => {
      for (const rp of profile.routingProfiles) expect(rp.queues.length, rp.key).toBeLessThanOrEqual(5);
    });

    it('has 3 to 6 demo agents, every routing profile staffed', () => {
      expect(profile.agents.length).toBeGreaterThanOrEqual(3);
      expect(profile.agents.length).toBeLessThanOrEqual(6);
      const staffed = new Set(profile.agents.map((a) => a.routingProfile));
      for (const rp of profile.routingProfiles) expect(staffed, rp.key).toContain(rp.key);
    });

    it('knows every dedicated agent of its seed customers (infra/local/seed)', () => {
      const csv = readFileSync(new URL(`../../infra/local/seed/${id}.csv`, import.meta.url), 'utf8');
      const dedicated = new Set(csv.match(/\bagent-[a-z]+\b/g) ?? []);
      expect(dedicated.size).toBeGreaterThan(0);
      const agents = new Set(profile.agents.map((a) => a.id));
      for (const agent of dedicated) expect(agents, agent).toContain(agent);
    });

    it('has a menu with a 0 for an agent (the general queue), labelled in every language', () => {
      expect(profile.menu.find((o) => o.key === '0')?.queue).toBe(profile.generalQueue);
      for (const option of profile.menu) {
        for (const language of LANGUAGES) expect(option.label[language].length).toBeGreaterThan(0);
      }
      expect(profile.hours[profile.hoursForEntry]).toBeDefined();
      expect(profile.menuRetries).toBe(2);
    });

    it('speaks Mandarin by default with Zhiyu, English with Joanna, both neural', () => {
      expect(profile.defaultLanguage).toBe('zh-CN');
      expect(profile.voice).toEqual({
        'zh-CN': { voice: 'Zhiyu', engine: 'Neural' },
        'en-US': { voice: 'Joanna', engine: 'Neural' },
      });
      expect(profile.prompts['zh-CN'].welcome).toMatch(/[\u4e00-\u9fff]/);
      expect(profile.prompts['en-US'].welcome).toMatch(/^[\x20-\x7e]+$/);
    });

    it('opens before it closes on every open day (24:00 closes at midnight)', () => {
      for (const hours of Object.values(profile.hours)) {
        for (const day of DAYS) {
          const slot = hours.days[day];
          if (slot) expect(slot.start < slot.end, `${hours.name} ${day}`).toBe(true);
        }
      }
    });
  });

  it('answers roadside rescue around the clock (auto-dealer)', () => {
    const p = getProfile('auto-dealer');
    const rescue = p.queues.find((q) => q.key === 'rescue');
    const hours = p.hours[rescue?.hours ?? ''];
    for (const day of DAYS) expect(hours?.days[day]).toEqual({ start: '00:00', end: '24:00' });
  });

  it('routes distribution branches to their queues', () => {
    expect(getProfile('distribution').branchQueues).toEqual({
      north: 'branch-north',
      south: 'branch-south',
      east: 'branch-east',
    });
  });

  it("routes the carrier's branches to their desks: every branch that collects pickups has one", () => {
    const p = getProfile('logistics');
    const pickupBranches = (pickupSettingsOf('logistics')?.branches ?? []).map((b) => b.key);
    expect(Object.keys(p.branchQueues).sort()).toEqual([...pickupBranches].sort());
    for (const branch of pickupBranches) {
      const queue = p.branchQueues[branch];
      // Each branch queue is a desk's first priority, and some agent works at that desk.
      const desks = p.routingProfiles
        .filter((rp) => rp.queues.some((q) => q.queue === queue && q.priority === 1))
        .map((rp) => rp.key);
      expect(desks, branch).toHaveLength(1);
      expect(
        p.agents.some((a) => desks.includes(a.routingProfile)),
        branch,
      ).toBe(true);
    }
    expect(p.menu.filter((o) => o.branchFirst).map((o) => o.key)).toEqual(['1', '0']);
  });

  it('gives the seed menus of the articles', () => {
    const keys = (id: ProfileId) => getProfile(id).menu.map((o) => `${o.key}:${o.queue}`);
    expect(keys('auto-dealer')).toEqual([
      '1:repair',
      '2:insurance',
      '3:rescue',
      '5:club',
      '6:complaints',
      '0:general',
    ]);
    expect(keys('logistics')).toEqual(['1:pickup', '2:tracking', '3:complaints', '4:claims', '0:general']);
    // Key 4: spoken FAQ answers (issue 14); 0 or a failure there reaches the general queue (or the branch).
    expect(keys('distribution')).toEqual(['1:orders', '2:orders', '3:complaints', '4:general', '0:general']);
    expect(keys('outsourced-crm')).toEqual(['1:sales', '2:service', '3:retention', '0:general']);
    expect(PROFILE_IDS.filter((id) => getProfile(id).authenticateByCard)).toEqual(['distribution']);
  });
});

describe('profile cross-checks', () => {
  const base = getProfile('distribution');
  const problems = (change: (p: Record<string, unknown>) => void): string[] => {
    const copy = structuredClone(base) as unknown as Record<string, unknown>;
    change(copy);
    const parsed = ProfileSchema.safeParse(copy);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  type Menu = { key: string; queue: string }[];
  type Prompts = Record<string, Record<string, string | undefined>>;

  it('accepts the profile as it is', () => {
    expect(problems(() => {})).toEqual([]);
  });

  it('refuses a menu key used twice, a key that is not one digit, and an unknown queue', () => {
    expect(problems((p) => ((p.menu as Menu)[1] = { ...(p.menu as Menu)[1], key: '1' } as never))).toEqual([
      'menu.1.key: menu key "1" is used twice',
    ]);
    expect(
      problems((p) => ((p.menu as Menu)[0] = { ...(p.menu as Menu)[0], key: '*' } as never)),
    ).toHaveLength(1);
    expect(
      problems((p) => ((p.menu as Menu)[0] = { ...(p.menu as Menu)[0], queue: 'nope' } as never)),
    ).toEqual(['menu.0.queue: unknown queue "nope"']);
  });

  it('refuses unknown entry hours and agents of unknown routing profiles or with a repeated id', () => {
    expect(problems((p) => (p.hoursForEntry = 'night'))).toEqual(['hoursForEntry: unknown hours "night"']);
    expect(
      problems((p) => {
        const agents = p.agents as { id: string; routingProfile: string }[];
        agents.push({ ...(agents[0] as { id: string; routingProfile: string }), routingProfile: 'ghost' });
      }),
    ).toEqual([
      'agents.6.id: agent id "agent-ma" is used twice',
      'agents.6.routingProfile: unknown routing profile "ghost"',
    ]);
  });

  it('needs a card-number prompt when callers authenticate by card, and {key} {label} in menuOption', () => {
    expect(problems((p) => delete (p.prompts as Prompts)['en-US']?.cardNumber)).toEqual([
      'prompts.en-US.cardNumber: authenticateByCard needs a cardNumber prompt',
    ]);
    expect(
      problems(
        (p) =>
          ((p.prompts as Prompts)['zh-CN'] = { ...(p.prompts as Prompts)['zh-CN'], menuOption: '请按{key}' }),
      ),
    ).toEqual(['prompts.zh-CN.menuOption: menuOption needs {label}']);
  });

  it('refuses prompts that read attributes the flows never set, or queue metrics outside the queue flow', () => {
    const set = (key: string, text: string) => (p: Record<string, unknown>) => {
      (p.prompts as Prompts)['zh-CN'] = { ...(p.prompts as Prompts)['zh-CN'], [key]: text };
    };
    expect(problems(set('whisper', '客户 $.Attributes.nickname 来电'))).toEqual([
      expect.stringMatching(
        /^prompts\.zh-CN\.whisper: "\$\.Attributes\.nickname": the flows set no attribute/,
      ),
    ]);
    expect(problems(set('welcome', '排队 $.Metrics.Queue.Size 人'))).toEqual([
      'prompts.zh-CN.welcome: "$.Metrics.Queue.Size": queue metrics are only known in queueStatus and hold',
    ]);
    expect(problems(set('whisper', '卡号 $.Attributes.cardNumber，客户 $.Attributes.displayName'))).toEqual(
      [],
    );
  });
});
