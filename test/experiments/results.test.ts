/**
 * Result tables (lib/experiments/results.ts): CSV + sidecar round trip through danfo's
 * reader and ours (the Student-t statistics behind the summary: test/stats).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('result tables: column names and missing values (issue 11)', () => {
  const config: SweepConfig = {
    name: 'clash',
    seed: 1,
    drops: 1,
    base: { iterations: 7 },
    grid: { x: [1, 2] },
    schemes: [{ name: 'A', precoder: 'cdwm', beams: 'full' }],
  };
  const rec = (point: number, metrics: Record<string, number>, info?: Record<string, number>): TaskRecord => ({
    point,
    drop: 0,
    params: { iterations: 7, x: [1, 2][point] },
    schemes: [{ scheme: 'A', metrics }],
    ...(info ? { info } : {}),
    finishedAt: 'x',
  });

  it('the iterations parameter and the CDWM iterations metric keep separate columns (also for old checkpoints)', () => {
    const rows = resultRows(config, [
      rec(0, { rateUpper: 1, cdwmIterations: 3 }),
      rec(1, { rateUpper: 2, iterations: 4 }),
    ]);
    expect(rows.map((r) => [r.iterations, r.cdwmIterations])).toEqual([
      [7, 3],
      [7, 4],
    ]);
  });

  it('any other metric named like a parameter or fixed column gets a suffix instead of overwriting it', () => {
    const rows = resultRows({ ...config, runner: 'test/experiments/fake-runner.ts' }, [
      rec(0, { x: 10, drop: 5, iterations: 2 }, { x: 11 }),
    ]);
    expect(rows[0]).toMatchObject({
      x: 1,
      xResult: 10,
      drop: 0,
      dropResult: 5,
      iterations: 7,
      iterationsResult: 2,
      xInfo: 11,
    });
  });

  it('writes missing and non-finite numbers as empty cells, says why ci95 is empty, reads them back as NaN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msms-res-'));
    dirs.push(dir);
    const records = [rec(0, { rateUpper: 1, cdwmIterations: 3 }, { meanElevationDeg: 40 }), rec(1, { rateUpper: 2 })];
    const w = writeSweepTables(dir, 'c', config, records, provenance(process.cwd()), true);
    const csv = readFileSync(w.resultsCsv, 'utf8') + readFileSync(w.summaryCsv, 'utf8');
    expect(csv).not.toMatch(/NaN|Infinity|null/);
    expect(readFileSync(w.resultsCsv, 'utf8').split('\n')[2]).toBe('1,0,2,7,A,2,,');
    expect(w.notes).toEqual([
      'the _ci95 columns are empty in 2 of 2 rows: a 95 % confidence interval needs ≥ 2 drops (n)',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).notes).toEqual(w.notes);
    const back = readTable(w.resultsCsv);
    expect(Number.isNaN(back[1].cdwmIterations)).toBe(true);
    expect(Number.isNaN(readTable(w.summaryCsv)[0].rateUpper_ci95)).toBe(true);
  });

  it('reads a table written before the rename with the current names, restoring the parameter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msms-res-'));
    dirs.push(dir);
    // as the kit wrote it before issue 11: the metric overwrote the parameter 'iterations'
    writeFileSync(join(dir, 'results.csv'), 'point,drop,x,iterations,scheme,rateUpper\n0,0,1,3,A,1\n1,0,2,4,A,NaN\n');
    writeFileSync(
      join(dir, 'results.json'),
      JSON.stringify({ config, columns: ['point', 'drop', 'x', 'iterations', 'scheme', 'rateUpper'] }),
    );
    writeFileSync(
      join(dir, 'summary.csv'),
      'point,x,iterations,scheme,n,iterations_mean,iterations_ci95\n0,1,3,A,1,3,NaN\n',
    );
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ config, columns: [] }));
    const rows = readTable(join(dir, 'results.csv'));
    expect(rows.map((r) => [r.iterations, r.cdwmIterations])).toEqual([
      [7, 3],
      [7, 4],
    ]);
    expect(Number.isNaN(rows[1].rateUpper)).toBe(true);
    const s = readTable(join(dir, 'summary.csv'))[0];
    expect([s.iterations, s.cdwmIterations_mean]).toEqual([7, 3]);
    expect(Object.keys(s)).toEqual([
      'point',
      'x',
      'iterations',
      'cdwmIterations',
      'scheme',
      'n',
      'cdwmIterations_mean',
      'cdwmIterations_ci95',
    ]);
  });
});
