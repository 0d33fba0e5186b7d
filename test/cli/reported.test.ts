/**
 * Every failure reported in issue 11 ("every bad input gets one clear line"), reproduced
 * through the CLI's `main` in this process: each case must end with exit code 2 (input) or
 * 1 (runtime) and exactly one line on stderr — or, where the input is valid, exit 0 with
 * no NaN / Infinity / null in what is printed or written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScenarioJson, readScenario, writeScenario } from '../../lib/scenario/io.js';
import { NONFINITE_RE, failsCleanly, runCli } from './helpers.js';
import { tinyScenario } from '../precoding/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'msms-reported-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const drop = join(dir, 'drop.json');
writeScenario(drop, tinyScenario(111));
const base = () => JSON.parse(readFileSync(drop, 'utf8')) as ScenarioJson;

/** Write a mutated copy of the tiny drop and return its path. */
function mutated(name: string, f: (d: ReturnType<typeof base>) => void): string {
  const d = base();
  f(d);
  const p = join(dir, `${name}.json`);
  writeFileSync(p, JSON.stringify(d));
  return p;
}

const precoders = join(dir, 'cdm.json');

describe('issue 11: numerical failures become one line', () => {
  it('writes reference precoders for the rate cases', async () => {
    const r = await runCli(['precode', '--scheme', 'cdm', '--in', drop, '--out', precoders, '--realizations', '0']);
    expect(r.code).toBe(0);
  });

  it.each([
    ['weights 1e308', (d: ReturnType<typeof base>) => (d.weights = d.weights.map(() => 1e308)), 'weights[0]'],
    ['weights 1e-300', (d: ReturnType<typeof base>) => (d.weights = d.weights.map(() => 1e-300)), 'weights[0]'],
    ['gamma 1e9', (d: ReturnType<typeof base>) => (d.links[0][0].gamma = 1e9), 'links[0][0].gamma'],
    ['power 1e308', (d: ReturnType<typeof base>) => (d.powerW = d.powerW.map(() => 1e308)), 'powerW[0]'],
  ])('%s: rejected up front with the allowed range (exit 2)', async (name, f, field) => {
    const p = mutated(name.replace(/\W/g, '_'), f);
    for (const scheme of ['cdwm', 'cdm']) {
      const r = await runCli(['precode', '--scheme', scheme, '--in', p, '--out', join(dir, 'o.json')]);
      expect(failsCleanly(r, 2)).toBeUndefined();
      expect(r.err).toContain(field);
    }
  });

  it('a precoder entry of 1e9 in msms rate is over the power budget (C7)', async () => {
    const doc = JSON.parse(readFileSync(precoders, 'utf8'));
    doc.blocks[0].re[0][0] = 1e9;
    const p = join(dir, 'p9.json');
    writeFileSync(p, JSON.stringify(doc));
    const r = await runCli(['rate', '--in', drop, '--precoders', p]);
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toMatch(/\(C7\)/);
    expect(r.err).toMatch(/satellite 0/);
  });

  it('"blocks": [] is rejected', async () => {
    const doc = JSON.parse(readFileSync(precoders, 'utf8'));
    doc.blocks = [];
    const p = join(dir, 'pe.json');
    writeFileSync(p, JSON.stringify(doc));
    const r = await runCli(['rate', '--in', drop, '--precoders', p]);
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toContain('blocks');
  });
});

describe('issue 11: files and folders', () => {
  it.each([['scenario'], ['precode'], ['rate']])(
    '%s --out /nonexistent/dir/x.json: one line naming --out (exit 2)',
    async (cmd) => {
      const args: Record<string, string[]> = {
        scenario: ['scenario', '--K', '2', '--S', '2', '--Sk', '1', '--streams', '1', '--nTV', '2', '--nTH', '2'],
        precode: ['precode', '--scheme', 'dft', '--in', drop, '--realizations', '0'],
        rate: ['rate', '--in', drop, '--precoders', precoders, '--realizations', '0'],
      };
      const r = await runCli([...args[cmd], '--out', '/nonexistent/dir/x.json']);
      expect(failsCleanly(r, 2)).toBeUndefined();
      expect(r.err).toContain('--out');
      expect(r.err).toContain('/nonexistent');
    },
  );
});

describe('issue 11: statistics and ranges', () => {
  it('--realizations 1 is rejected: a standard error needs ≥ 2 realisations', async () => {
    const r = await runCli([
      'precode',
      '--scheme',
      'cdm',
      '--in',
      drop,
      '--out',
      join(dir, 'r1.json'),
      '--realizations',
      '1',
    ]);
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toMatch(/--realizations/);
    expect(r.err).toMatch(/≥ 2/);
  });

  it('--radiusKm 20000 is outside the honest range (exit 2, no Infinity)', async () => {
    const r = await runCli(['scenario', '--K', '3', '--radiusKm', '20000', '--out', join(dir, 'far.json')]);
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toContain('--radiusKm');
    expect(r.out + r.err).not.toMatch(/Infinity/);
  });

  it('--tolerance -Infinity (documented in the help) is accepted', async () => {
    const out = join(dir, 'tol.json');
    const r = await runCli([
      'precode',
      '--scheme',
      'cdwm',
      '--in',
      drop,
      '--out',
      out,
      '--iterations',
      '2',
      '--tolerance',
      '-Infinity',
      '--realizations',
      '2',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).iterations).toBe(2);
  });

  it('the default --Bs 48 is not checked against a small array when --beams is not given', async () => {
    const out = join(dir, 'small.json');
    const r = await runCli([
      'scenario',
      '--K',
      '2',
      '--S',
      '2',
      '--Sk',
      '1',
      '--streams',
      '1',
      '--nTV',
      '4',
      '--nTH',
      '4',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(readScenario(out).beams[0].length).toBe(16);
  });

  it('a scenario file with a 1e9-element array is rejected before allocation', async () => {
    const p = mutated('huge', (d) => (d.satArray = { nV: 100000, nH: 10000 }));
    const r = await runCli(['precode', '--scheme', 'dft', '--in', p, '--out', join(dir, 'h.json')]);
    expect(failsCleanly(r, 2)).toBeUndefined();
    expect(r.err).toContain('satArray.nV');
  });

  it('precode writes no null / NaN (the iteration-0 stopValue)', async () => {
    const out = join(dir, 'hist.json');
    const r = await runCli([
      'precode',
      '--scheme',
      'cdwm',
      '--in',
      drop,
      '--out',
      out,
      '--iterations',
      '2',
      '--realizations',
      '2',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toMatch(NONFINITE_RE);
    expect(r.out).not.toMatch(NONFINITE_RE);
  });
});

describe('issue 11: clustered scenario meta', () => {
  it('msms scenario --cluster --beams lcms describes what was done', async () => {
    const out = join(dir, 'clustered.json');
    const r = await runCli(['scenario', '--seed', '2', '--cluster', '--beams', 'lcms', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const scn = readScenario(out);
    const load = Math.max(...scn.association.map((row) => row.reduce((a, b) => a + b, 0)));
    expect(scn.meta?.maxSatelliteLoad).toBe(load);
    expect(load).toBeLessThanOrEqual(36);
    expect(String(scn.meta?.associationRule)).toMatch(/competition/);
    expect(String(scn.meta?.associationRule)).not.toMatch(/not enforced/);
    expect(scn.meta?.beamSelection).toBe('lcms');
    expect(scn.beams.every((b) => b.length === 48)).toBe(true);
  });
});
