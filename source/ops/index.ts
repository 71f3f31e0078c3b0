/**
 * The ops library, headless: what the console's keys and the CLI subcommands call.
 * Build a job (plan + steps) from one snapshot, show its plan, run it with runJob.
 */
export type {Job, JobEvent, JobListener, JobResult, OpsEnv, Plan, PlanStep, PreflightCheck, StepState, CommandRecord, StepFailureInfo} from './job.js';
export {runJob, startJob, StepFailure, READ_ONLY_STEPS, type RunOptions, type RunningJob} from './runner.js';
export {buildDeployJob, planDeploy, configureDiff, DEPLOYED_TAG, type DeployOptions} from './deploy.js';
export {buildCloneJob, planClone, type CloneRequest} from './clone.js';
export {buildLifecycleJob, planLifecycle, snapshotFirstDefault, riskySnapshotName, type LifecycleRequest, type LifecycleAction} from './lifecycle.js';
export {formatPlan} from './plan-text.js';
export {runHealth, worstState, type HealthOptions, type HealthReport} from './health/run.js';
export {passiveHealth, DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds} from './health/passive.js';
export {renderPrometheus} from './health/prometheus.js';
export {parsePctStatus} from './guest-status.js';
export {createJournal, journalPath, type Journal, type JournalEntry} from '../journal/journal.js';
export {defaultCatalog, findService} from '../catalog/defaults.js';
export type {Catalog, CatalogService, HealthProbe} from '../catalog/types.js';
