import { describe, expect, it } from 'vitest';
import { getProfile, PROFILES } from '../../contact-flows/profiles/index.js';
import { DAYS, PROFILE_IDS, type ProfileId } from '../../schemas/profile.js';

const QUEUES: Record<ProfileId, string[]> = {
  'auto-dealer': ['general', 'vip', 'repair', 'insurance', 'rescue', 'club', 'complaints'],
  logistics: ['general', 'vip', 'pickup', 'tracking', 'complaints', 'claims'],
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
});
