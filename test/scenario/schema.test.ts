/** The JSON Schema data/schema/scenario.schema.json accepts what the kit writes and rejects bad files. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { defaultDropConfig, drawDrop } from '../../lib/channel/index.js';
import { Rng } from '../../lib/random/index.js';
import { scenarioToJson } from '../../lib/scenario/index.js';

const schema = JSON.parse(readFileSync('data/schema/scenario.schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);
const doc = () =>
  JSON.parse(JSON.stringify(scenarioToJson(drawDrop(defaultDropConfig({ K: 4 }), Rng.forDrop(1, 0)).scenario)));

describe('scenario JSON Schema (draft-07)', () => {
  it('accepts a written scenario, with and without meta', () => {
    const d = doc();
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    delete d.meta;
    expect(validate(d)).toBe(true);
  });

  it('rejects wrong types, values and unknown fields', () => {
    for (const mutate of [
      (d: Record<string, unknown>) => (d.format = 'x'),
      (d: Record<string, unknown>) => (d.extra = 1),
      (d: Record<string, unknown>) => ((d.association as number[][])[0][0] = 2),
      (d: Record<string, unknown>) => ((d.links as { phiBar: number }[][])[0][0].phiBar = 2),
      (d: Record<string, unknown>) => ((d.links as { kappa: unknown }[][])[0][0].kappa = 'inf'),
      (d: Record<string, unknown>) => delete d.beams,
      (d: Record<string, unknown>) => ((d.noiseW as number[])[0] = 0),
      // the size and scale limits (docs/errors.md)
      (d: Record<string, unknown>) => (d.S = 101),
      (d: Record<string, unknown>) => ((d.satArray as { nV: number }).nV = 65),
      (d: Record<string, unknown>) => ((d.utArray as { nH: number }).nH = 17),
      (d: Record<string, unknown>) => ((d.weights as number[])[0] = 1e308),
      (d: Record<string, unknown>) => ((d.powerW as number[])[0] = 1e8),
      (d: Record<string, unknown>) => ((d.links as { gamma: number }[][])[0][0].gamma = 1e7),
    ]) {
      const d = doc();
      mutate(d);
      expect(validate(d)).toBe(false);
    }
  });
});
