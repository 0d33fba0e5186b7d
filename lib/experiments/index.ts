/**
 * lib/experiments — the Monte Carlo sweeps of Section VI and the reproduction of Figs. 2–8
 * (Section VI, Table I): public API.
 */
export * from './config.js';
export * from './runner.js';
export * from './build.js';
export * from './checkpoint.js';
export * from './checks.js';
export * from './claims.js';
export * from './engine.js';
export * from './figures.js';
export * from './fig8.js';
export * from './merge.js';
export * from './paper.js';
export * from './paperSet.js';
export * from './paths.js';
export * from './plots.js';
export {
  BEAM_METHODS,
  DropCache,
  PIPELINE_DEFAULTS,
  PIPELINE_VERSION,
  PRECODER_NAMES,
  type PrecoderName,
  type StageProfile,
  createPipelineRunner,
  pipelineDrop,
  pipelineParams,
  runPipelineTask,
  runPrecoder,
  runner as pipelineRunner,
  validatePipelinePoint,
} from './pipeline.js';
export * from './progress.js';
export * from './provenance.js';
export * from './reproduce.js';
export * from './results.js';
export * from './slurm.js';
export * from './status.js';
export * from './agingAnalysis.js';
export * from './agingPlots.js';
export * from './agingStudy.js';
export {
  AGING_EXTRA_DEFAULTS,
  AGING_RUNNER_VERSION,
  clearAgingCache,
  designAt,
  meanBeamDrift,
  runAgingTask,
  runner as agingRunner,
  validateAgingPoint,
} from './agingRunner.js';
export {
  HANDOVER_EXTRA_DEFAULTS,
  HANDOVER_RUNNER_VERSION,
  clearHandoverCache,
  runHandoverTask,
  runner as handoverRunner,
  servingSets,
  setChanges,
  validateHandoverPoint,
} from './handoverRunner.js';
