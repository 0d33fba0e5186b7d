/**
 * The `msms-precoders` JSON format (docs/precoders-format.md): round trip, serving blocks
 * only, and exact error messages for malformed documents.
 */
import { describe, expect, it } from 'vitest';
import { relativeError } from '../../lib/linalg/index.js';
import { cdmPrecoders, precodersFromJson, precodersToJson } from '../../lib/precoding/index.js';
import { tinyScenario } from './fixtures.js';

describe('precoders JSON', () => {
  const scn = tinyScenario(81);
  const p = cdmPrecoders(scn);
  const doc = JSON.parse(JSON.stringify(precodersToJson(scn, p, { note: 'x' })));

  it('round-trips every block exactly and writes only serving pairs', () => {
    const served = scn.association.flat().reduce((a, b) => a + b, 0);
    expect(doc.blocks.length).toBe(served);
    expect(doc.format).toBe('msms-precoders');
    expect(doc.note).toBe('x');
    const back = precodersFromJson(scn, doc);
    expect(back.scheme).toBe('cdm');
    for (let s = 0; s < scn.S; s++)
      for (let k = 0; k < scn.K; k++) expect(relativeError(back.W[s][k], p.W[s][k])).toBe(0);
  });

  it('rejects malformed documents with a message naming the field', () => {
    const bad = (mut: (d: typeof doc) => void) => {
      const d = JSON.parse(JSON.stringify(doc));
      mut(d);
      return () => precodersFromJson(scn, d);
    };
    expect(bad((d) => (d.format = 'x'))).toThrow(`precoders.format must be 'msms-precoders', got "x"`);
    expect(bad((d) => (d.version = 2))).toThrow('precoders.version must be 1, got 2');
    expect(bad((d) => (d.K = 99))).toThrow(
      `precoders are for S=${scn.S}, K=99 but the scenario has S=${scn.S}, K=${scn.K}`,
    );
    expect(bad((d) => (d.blocks[0].s = 7))).toThrow(
      `precoders.blocks[0].s must be an integer in [0, ${scn.S - 1}], got 7`,
    );
    expect(bad((d) => d.blocks[0].re.pop())).toThrow(
      `precoders.blocks[0]: re and im must be ${scn.beams[d0(doc).s].length}x${scn.streams[d0(doc).k]} (B_s x M_k) arrays of finite numbers`,
    );
    expect(bad((d) => d.blocks.push(d.blocks[0]))).toThrow(
      `precoders.blocks[${doc.blocks.length}]: block (s=${d0(doc).s}, k=${d0(doc).k}) appears twice`,
    );
    const us = scn.association.findIndex((row) => row.includes(0));
    const uk = scn.association[us].indexOf(0);
    expect(bad((d) => (d.blocks[0] = { ...d.blocks[0], s: us, k: uk }))).toThrow(
      `precoders.blocks[0]: satellite ${us} does not serve UT ${uk}, its block must be absent`,
    );
    expect(() => precodersFromJson(scn, null)).toThrow('precoders file must hold a JSON object');
  });
});

function d0(doc: { blocks: { s: number; k: number }[] }) {
  return doc.blocks[0];
}
