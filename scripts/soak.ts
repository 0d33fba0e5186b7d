/**
 * The solver soak: random drops over the parameter range of Figs. 2–8 and past it
 * (test/soak/drops.ts) through every scheme × beam selection, checking no exception,
 * finite W, (C7) and finite, non-negative upper-bound and ergodic rates.
 *
 *   npm run soak -- --drops N [--seed S] [--json FILE]
 *
 * Drop i is the fast-check sample of `soakCaseArb` with seed S + i (default S = 1), so a
 * failure replays alone with `npm run soak -- --seed <its seed> --drops 1`. Prints one
 * progress line per 5 % to stderr and a summary to stdout: drops, wall and CPU time, cases
 * per scheme × selection (ok / skipped / failed), and every failure with its seed, the
 * case record and the replay command. `--json FILE` also writes the summary as JSON.
 * Exit status 1 when anything failed, 2 on bad arguments.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  SOAK_BEAMS,
  SOAK_SCHEMES,
  type SoakCase,
  type SoakCombo,
  runSoakCase,
  soakCaseArb,
} from '../test/soak/drops.js';

interface Args {
  drops: number;
  seed: number;
  json: string | null;
}

function usage(msg: string): never {
  process.stderr.write(`soak: ${msg}\nusage: npm run soak -- --drops N [--seed S] [--json FILE]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const out: Args = { drops: 0, seed: 1, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--drops' || a === '--seed') {
      if (v === undefined || !/^\d+$/.test(v)) usage(`${a} needs a non-negative integer, got ${v ?? 'nothing'}`);
      if (a === '--drops') out.drops = Number(v);
      else out.seed = Number(v);
      i++;
    } else if (a === '--json') {
      if (v === undefined) usage('--json needs a file name');
      out.json = v;
      i++;
    } else {
      usage(`unknown argument '${a}'`);
    }
  }
  if (!(out.drops >= 1)) usage('--drops N (N >= 1) is required');
  return out;
}

/** JSON with ±Infinity spelled out (JSON.stringify writes null). */
function caseJson(c: SoakCase): string {
  return JSON.stringify(c, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const counts = new Map<string, { ok: number; skipped: number; failed: number }>();
  for (const s of SOAK_SCHEMES) for (const b of SOAK_BEAMS) counts.set(`${s}/${b}`, { ok: 0, skipped: 0, failed: 0 });
  const failures: { seed: number; case: string; combos: SoakCombo[] }[] = [];
  let failedDrops = 0;
  const step = Math.max(1, Math.round(args.drops / 20));
  for (let i = 0; i < args.drops; i++) {
    const seed = args.seed + i;
    const [c] = fc.sample(soakCaseArb, { seed, numRuns: 1 });
    const combos = runSoakCase(c);
    for (const r of combos) (counts.get(`${r.scheme}/${r.beams}`) as { [k: string]: number })[r.status]++;
    const bad = combos.filter((r) => r.status === 'failed');
    if (bad.length > 0) {
      failedDrops++;
      failures.push({ seed, case: caseJson(c), combos: bad });
    }
    if ((i + 1) % step === 0 || i + 1 === args.drops) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`soak: ${i + 1}/${args.drops} drops, ${failedDrops} failed, ${s.toFixed(0)} s\n`);
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const lines: string[] = [];
  lines.push(`soak: ${args.drops} drops (fast-check seeds ${args.seed}…${args.seed + args.drops - 1})`);
  lines.push(
    `wall ${wallS.toFixed(1)} s, CPU ${cpuS.toFixed(1)} s, ${((1000 * wallS) / args.drops).toFixed(0)} ms per drop`,
  );
  lines.push('cases per scheme/selection (ok / skipped: K_s > N_T / failed):');
  for (const [key, c] of counts) lines.push(`  ${key.padEnd(12)} ${c.ok} / ${c.skipped} / ${c.failed}`);
  lines.push(`failed drops: ${failedDrops}`);
  for (const f of failures) {
    lines.push(`  seed ${f.seed}: replay with npm run soak -- --seed ${f.seed} --drops 1`);
    lines.push(`    case ${f.case}`);
    for (const r of f.combos) lines.push(`    ${r.scheme}/${r.beams}: ${r.failure}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (args.json) {
    const summary = {
      drops: args.drops,
      seed: args.seed,
      wallS,
      cpuS,
      counts: Object.fromEntries(counts),
      failedDrops,
      failures: failures.map((f) => ({ ...f, case: JSON.parse(f.case) as unknown })),
    };
    writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  process.exitCode = failedDrops > 0 ? 1 : 0;
}

main();
