/**
 * Result tables (lib/experiments/results.ts): CSV + sidecar round trip through danfo's
 * reader and ours (the Student-t statistics behind the summary: test/stats).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCSV } from 'danfojs-node';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../lib/experiments/checkpoint.js';
import type { SweepConfig } from '../../lib/experiments/config.js';
import { provenance } from '../../lib/experiments/provenance.js';
import { readTable, resultRows, summaryRows, toDataFrame, writeSweepTables } from '../../lib/experiments/results.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('result tables', () => {
  const config: SweepConfig = {
    name: 't',
    seed: 1,
    drops: 2,
    base: { K: 4 },
    grid: { ptDbm: [20, 30] },
    schemes: [{ name: 'B, with comma' }, { name: 'A "quoted"' }],
  };
  const rec = (point: number, drop: number, a: number, b: number): TaskRecord => ({
    point,
    drop,
    params: { K: 4, ptDbm: [20, 30][point] },
    // stored out of config order on purpose
    schemes: [
      { scheme: 'A "quoted"', metrics: { rate: a, precodeMs: 1 } },
      { scheme: 'B, with comma', metrics: { rate: b, precodeMs: 2 } },
    ],
    stageMs: { geometryMs: 5 },
    finishedAt: 'x',
  });
  const records = [rec(1, 1, 0.1 + 0.2, 7), rec(0, 0, 1, 2), rec(0, 1, 3, 6), rec(1, 0, 1 / 3, 5)];

  it('orders rows by point, drop and config scheme order; summarises per point and scheme', () => {
    const rows = resultRows(config, records);
    expect(rows.map((r) => [r.point, r.drop, r.scheme])).toEqual([
      [0, 0, 'B, with comma'],
      [0, 0, 'A "quoted"'],
      [0, 1, 'B, with comma'],
      [0, 1, 'A "quoted"'],
      [1, 0, 'B, with comma'],
      [1, 0, 'A "quoted"'],
      [1, 1, 'B, with comma'],
      [1, 1, 'A "quoted"'],
    ]);
    expect(Object.keys(rows[0])).toEqual(['point', 'drop', 'ptDbm', 'K', 'scheme', 'rate', 'precodeMs', 'geometryMs']);
    const s = summaryRows(config, rows);
    expect(s.length).toBe(4);
    const a0 = s.find((r) => r.point === 0 && r.scheme === 'A "quoted"');
    expect(a0?.n).toBe(2);
    expect(a0?.rate_mean).toBe(2);
    // two samples 1, 3: s = √2, t_{0.975,1} = 12.7062047, half-width = t·√2/√2
    expect(Number(a0?.rate_ci95)).toBeCloseTo(12.7062047362, 6);
    const df = toDataFrame(s);
    expect(df.shape).toEqual([4, Object.keys(s[0]).length]);
  });

  it('writes CSV at full precision with a sidecar, readable by danfo and readTable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msms-res-'));
    dirs.push(dir);
    const prov = provenance(process.cwd());
    const { resultsCsv, summaryCsv } = writeSweepTables(dir, 't-1', config, records, prov, true);
    const back = readTable(resultsCsv);
    const rows = resultRows(config, records);
    expect(back).toEqual(rows);
    expect(back.some((r) => r.rate === 0.30000000000000004)).toBe(true);
    const viaDanfo = await readCSV(summaryCsv);
    expect(viaDanfo.shape[0]).toBe(4);
    expect(viaDanfo.columns).toContain('rate_ci95');
    const side = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(side.sweepId).toBe('t-1');
    expect(side.seed).toBe(1);
    expect(side.config.grid).toEqual({ ptDbm: [20, 30] });
    expect(side.provenance.kitVersion).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(side.provenance.gitCommit === null || /^[0-9a-f]{40}$/.test(side.provenance.gitCommit)).toBe(true);
    expect(Number.isNaN(Date.parse(side.provenance.date))).toBe(false);
    expect(side.columns).toEqual(Object.keys(rows[0]));
  });
});
