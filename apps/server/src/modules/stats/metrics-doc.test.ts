import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS, STATS_DIMENSION_LABELS } from '@gridvoice/core';

/**
 * R-STAT-1: every figure has a written definition. docs/metrics.md and the catalogue in code
 * (METRICS, served at /api/stats/catalogue) must say the same thing, row for row.
 */
const doc = readFileSync(join(import.meta.dirname, '../../../../../docs/metrics.md'), 'utf8');
const rows = doc
  .split('\n')
  .filter((l) => /^\| `[a-z_]+` \|/.test(l))
  .map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );

describe('docs/metrics.md', () => {
  it('R-STAT-1: has one row per metric of the catalogue, in its order', () => {
    expect(rows.map((r) => r[0])).toEqual(METRICS.map((m) => `\`${m.code}\``));
  });

  it.each(METRICS.map((m) => [m.code, m] as const))(
    'R-STAT-1: %s reads as in code (label, unit, counting date, definition, dimensions)',
    (code, m) => {
      const row = rows.find((r) => r[0] === `\`${code}\``);
      expect(row).toEqual([
        `\`${code}\``,
        m.label,
        m.unit,
        m.countedOn,
        m.definition,
        m.dimensions.map((d) => STATS_DIMENSION_LABELS[d]).join('、'),
      ]);
    },
  );
});
