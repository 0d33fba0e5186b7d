/**
 * JSON scenario format (docs/scenario-format.md): round trip, and bad files rejected with
 * messages naming the field and what was expected (exact strings).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDropConfig, drawDrop } from '../../lib/channel/index.js';
import { Rng } from '../../lib/random/index.js';
import {
  type ScenarioJson,
  ScenarioFormatError,
  formatJson,
  readScenario,
  scenarioFromJson,
  scenarioToJson,
  scenarioToJsonText,
  writeScenario,
} from '../../lib/scenario/index.js';
import { InputError } from '../../lib/cli/args.js';

const scn = drawDrop(defaultDropConfig({ K: 6, S: 3 }), Rng.forDrop(5, 0)).scenario;
const dir = mkdtempSync(join(tmpdir(), 'msms-scn-'));

/** A fresh JSON copy of the test scenario, to be broken by each case. */
function json(): ScenarioJson {
  return JSON.parse(JSON.stringify(scenarioToJson(scn))) as ScenarioJson;
}

function expectError(j: unknown, message: string): void {
  expect(() => scenarioFromJson(j)).toThrow(ScenarioFormatError);
  try {
    scenarioFromJson(j);
  } catch (e) {
    expect((e as Error).message).toBe(message);
  }
}

describe('round trip', () => {
  it('JSON text → Scenario reproduces every number exactly', () => {
    const back = scenarioFromJson(JSON.parse(scenarioToJsonText(scn)));
    expect(back.S).toBe(scn.S);
    expect(back.links[2][5].sigma.re).toEqual(scn.links[2][5].sigma.re);
    expect(back.links[2][5].sigma.im).toEqual(scn.links[2][5].sigma.im);
    expect(scenarioToJson(back)).toEqual(scenarioToJson(scn));
  });

  it('writeScenario / readScenario through a file', () => {
    const p = join(dir, 'drop.json');
    writeScenario(p, scn);
    expect(scenarioToJson(readScenario(p))).toEqual(scenarioToJson(scn));
  });

  it('κ = ∞ is written as "Infinity" and read back', () => {
    const s2 = scenarioFromJson(json());
    s2.links[0][0].kappa = Infinity;
    const j = scenarioToJson(s2);
    expect(j.links[0][0].kappa).toBe('Infinity');
    expect(scenarioFromJson(JSON.parse(JSON.stringify(j))).links[0][0].kappa).toBe(Infinity);
  });

  it('formatJson is valid JSON of the same value', () => {
    const v = {
      a: [1, 2, 3],
      b: {
        c: 'x',
        d: [
          [1.5, -2],
          [3, 4],
        ],
      },
      e: Array.from({ length: 80 }, (_, i) => i / 7),
    };
    expect(JSON.parse(formatJson(v, 40))).toEqual(v);
  });
});

describe('bad files: the error names the field and what was expected', () => {
  it('top level', () => {
    expectError([], 'scenario: expected a JSON object, got an array of length 0');
    expectError({ ...json(), format: 'other' }, 'format: expected "msms-scenario", got "other"');
    expectError({ ...json(), version: 2 }, 'version: expected 1, got 2');
    expectError(
      { ...json(), powrW: [1] },
      'powrW: expected no such field (allowed: format, version, S, K, satArray, utArray, powerW, noiseW, weights, streams, association, beams, links, meta; put extras in "meta"), got an array of length 1',
    );
    expectError({ ...json(), S: 2.5 }, 'S: expected an integer in [1, 100], got 2.5');
    expectError(
      { ...json(), satArray: { nV: 16 } },
      'satArray.nH: expected an integer in [1, 64], got nothing (missing)',
    );
  });

  it('operating point', () => {
    const j = json();
    expectError(
      { ...j, powerW: [1, 1] },
      'powerW: expected an array of 3 numbers in [0, 1e7] (W), got an array of length 2',
    );
    expectError(
      { ...j, noiseW: [1e-15, 0, 1, 1, 1, 1] },
      'noiseW[1]: expected a finite number in [1e-30, 1e3] (W), got 0',
    );
    expectError(
      { ...j, weights: [1, 1, 1, 1, 1, -1] },
      'weights[5]: expected a finite number equal to 0 or in [1e-6, 1e6], got -1',
    );
    expectError({ ...j, streams: [1, 2, 5, 1, 1, 1] }, 'streams[2]: expected an integer in [1, 4], got 5');
  });

  it('association and beams', () => {
    const j = json();
    const a = j.association.map((r) => r.slice());
    a[1][2] = 2;
    expectError({ ...j, association: a }, 'association[1][2]: expected 0 or 1, got 2');
    const none = j.association.map((r) => r.map((x, k) => (k === 4 ? 0 : x)));
    expectError(
      { ...j, association: none },
      'association[*][4]: expected at least one serving satellite for UT 4, got "none"',
    );
    expectError(
      { ...j, association: [[1]] },
      'association: expected an S x K = 3x6 array of 0/1, got an array of length 1',
    );
    expectError(
      { ...j, beams: [[0, 1], [3, 3], [7]] },
      'beams[1][1]: expected distinct indices in ascending order (> 3), got 3',
    );
    expectError(
      { ...j, beams: [[0, 256], [3], [7]] },
      'beams[0][1]: expected an integer codeword index in [0, 255], got 256',
    );
    expectError(
      { ...j, beams: [[], [3], [7]] },
      'beams[0]: expected an array of 1..256 codeword indices (N_T = 256), got an array of length 0',
    );
  });

  it('links and Σ', () => {
    let j = json();
    j.links[1][3].gamma = -1;
    expectError(j, 'links[1][3].gamma: expected a number in [0, 1e6], got -1');
    j = json();
    (j.links[0][0] as unknown as Record<string, unknown>).kappa = 'inf';
    expectError(j, 'links[0][0].kappa: expected a number >= 0 or the string "Infinity", got "inf"');
    j = json();
    j.links[2][1].thetaT = 100;
    expectError(j, 'links[2][1].thetaT: expected an angle in [0, π] (rad), got 100');
    j = json();
    j.links[0][2].phiBar = 1.5;
    expectError(j, 'links[0][2].phiBar: expected a number in [0, 1], got 1.5');
    j = json();
    j.links[0][1].sigma.re = [
      [1, 0],
      [0, 1],
    ];
    expectError(j, 'links[0][1].sigma.re: expected an array of 4 rows of 4 numbers, got an array of length 2');
    j = json();
    j.links[1][1].sigma.im[0][1] += 0.01;
    expectError(j, 'links[1][1].sigma: expected Hermitian (max |Σ − Σᴴ| <= 0.000001), got "max |Σ − Σᴴ| = 1.00e-2"');
    j = json();
    j.links[1][1].sigma.re = j.links[1][1].sigma.re.map((r) => r.map((x) => 2 * x));
    j.links[1][1].sigma.im = j.links[1][1].sigma.im.map((r) => r.map((x) => 2 * x));
    expectError(j, 'links[1][1].sigma: expected trace 1 (|Tr Σ − 1| <= 0.000001), got "Tr Σ = 2"');
    j = json();
    j.links[2][0].sigma = {
      re: [
        [0.5, 0.5, 0, 0],
        [0.5, -0.5, 0, 0],
        [0, 0, 0.5, 0],
        [0, 0, 0, 0.5],
      ],
      im: [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    };
    expectError(
      j,
      'links[2][0].sigma: expected positive semidefinite (smallest eigenvalue >= -1e-9), got "smallest eigenvalue -7.071e-1"',
    );
    j = json();
    j.links[0][0].sigma.re[1][1] = NaN;
    expectError(j, 'links[0][0].sigma.re[1][1]: expected a finite number, got NaN');
  });

  it('readScenario prefixes the path; missing file and broken JSON are reported', () => {
    const p = join(dir, 'bad.json');
    const j = json();
    j.streams[0] = 0;
    writeFileSync(p, JSON.stringify(j));
    expect(() => readScenario(p)).toThrow(`${p}: streams[0]: expected an integer in [1, 4], got 0`);
    expect(() => readScenario(join(dir, 'nope.json'))).toThrow(
      `${join(dir, 'nope.json')}: cannot read the file (no such file, ENOENT)`,
    );
    const q = join(dir, 'broken.json');
    writeFileSync(q, '{"format": ');
    expect(() => readScenario(q)).toThrow(`${q}: not valid JSON`);
    try {
      readScenario(q);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError); // the CLI prints it as one line
    }
  });
});
