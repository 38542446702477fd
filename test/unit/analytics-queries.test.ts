import { describe, expect, it } from 'vitest';
import {
  NAMED_QUERIES,
  REPEAT_WINDOW_DAYS,
  SERVICE_LEVEL_SECONDS,
} from '../../functions/core/analytics/queries.js';
import { ANALYTICS_DATASETS, ANALYTICS_TYPES, dtOf, partitionPrefix } from '../../schemas/analytics.js';

/** What the Trino/DuckDB common subset forbids (README "Analytics: one SQL, two engines"). */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/::/, ':: casts'],
  [/\bILIKE\b/i, 'ILIKE'],
  [/\bCOUNT_IF\b/i, 'COUNT_IF'],
  [/\bFILTER\s*\(/i, 'aggregate FILTER'],
  [/\bTRY_CAST\b/i, 'TRY_CAST'],
  [/\b(date_diff|datediff|strftime|date_format|now|current_timestamp)\b/i, 'engine-specific time functions'],
  [/\bQUALIFY\b/i, 'QUALIFY'],
  [/\bGROUP BY ALL\b/i, 'GROUP BY ALL'],
  [/\bEXCLUDE\b/i, 'EXCLUDE'],
  [/\bregexp_/i, 'regular expressions'],
  [/;\s*$/, 'trailing ;'],
  [/"/, 'quoted identifiers'],
  [/\b\w+\.(contacts|tickets|surveys)\b/i, 'qualified table names'],
  [/INTERVAL\s+\d/i, "unquoted INTERVAL (write INTERVAL '7' DAY)"],
];

describe('named queries', () => {
  it('have unique snake_case keys, a name, a description and SQL', () => {
    const keys = NAMED_QUERIES.map((q) => q.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const q of NAMED_QUERIES) {
      expect(q.key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(q.name.length).toBeGreaterThan(3);
      expect(q.description.length).toBeGreaterThan(10);
    }
  });

  it('cover the issue list', () => {
    expect(NAMED_QUERIES.map((q) => q.key)).toEqual(
      expect.arrayContaining([
        'daily_volume_by_queue',
        'abandonment_rate',
        'service_level',
        'average_handle_time',
        'csat_by_agent_and_queue',
        'complaints_by_category_and_department',
        'sla_compliance',
        'repeat_callers_7d',
        'vip_waiting_time',
      ]),
    );
  });

  for (const q of NAMED_QUERIES) {
    it(`${q.key} stays in the Trino/DuckDB common subset`, () => {
      for (const [re, what] of FORBIDDEN) expect(re.test(q.sql), `${q.key} uses ${what}`).toBe(false);
      expect(q.sql).toMatch(/\bORDER BY\b[^()]*$/);
      // Every division casts its numerator to DOUBLE (Trino divides integers as integers).
      for (const m of q.sql.matchAll(/\)\s*\/\s*/g)) {
        const before = q.sql.slice(0, m.index);
        expect(before.lastIndexOf('CAST('), `${q.key}: division without CAST(... AS DOUBLE)`).toBeGreaterThan(
          -1,
        );
      }
      const tables = [...q.sql.matchAll(/\bFROM\s+([a-z_]+)/gi)].map((m) => m[1]);
      // The datasets, and `latest_contacts`: the CTE every contacts query reads (one row per contact).
      for (const t of tables)
        expect([...ANALYTICS_DATASETS.map((d) => d.name), 'latest_contacts']).toContain(t);
      if (tables.includes('contacts')) {
        expect(q.sql, `${q.key} reads contacts only through latest_contacts`).toMatch(
          /^WITH latest_contacts AS/,
        );
        expect(tables.filter((t) => t === 'contacts')).toHaveLength(1);
      }
    });
  }

  it('bake their parameters in as documented constants', () => {
    const sl = NAMED_QUERIES.find((q) => q.key === 'service_level');
    expect(sl?.sql).toContain(`queue_seconds <= ${SERVICE_LEVEL_SECONDS}`);
    const rc = NAMED_QUERIES.find((q) => q.key === 'repeat_callers_7d');
    expect(rc?.sql).toContain(`INTERVAL '${REPEAT_WINDOW_DAYS}' DAY`);
  });

  it('only name columns the datasets have', () => {
    const known = new Set(
      ANALYTICS_DATASETS.flatMap((d) => [...d.columns.map((c) => c.name), d.partitionColumn]),
    );
    for (const col of [
      'queue_seconds',
      'handle_seconds',
      'abandoned',
      'vip',
      'complaint',
      'exported_at',
      'score',
    ])
      expect(known.has(col), col).toBe(true);
  });
});

describe('analytics datasets', () => {
  it('use only portable types, lower snake case names, no dt data column', () => {
    for (const d of ANALYTICS_DATASETS) {
      expect(d.partitionColumn).toBe('dt');
      const names = d.columns.map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).not.toContain('dt');
      expect(names).toContain(d.dateColumn);
      for (const c of d.columns) {
        expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(ANALYTICS_TYPES).toContain(c.type);
      }
    }
  });

  it('the zod row schema and the column list agree', () => {
    for (const d of ANALYTICS_DATASETS) {
      const shape = Object.keys((d.rowSchema as unknown as { shape: Record<string, unknown> }).shape);
      expect(shape).toEqual(d.columns.map((c) => c.name));
    }
  });

  it('partition by the UTC date', () => {
    expect(dtOf('2026-11-23T23:30:00Z')).toBe('2026-11-23');
    expect(dtOf('2026-11-24T07:30:00+08:00')).toBe('2026-11-23');
    expect(partitionPrefix('contacts', '2026-11-23')).toBe('contacts/dt=2026-11-23/');
    expect(() => partitionPrefix('contacts', '2026-1-3')).toThrow();
  });
});
