/**
 * The copy status use case (`GET /copies/<SnapshotId>?RegionId=<region>`): its query parsed and held to the caller
 * policy, one DescribeSnapshots through an EcsSession, its observer and log, and its answer. In dist/on-demand.js.
 */

export { answerStatus, readCopyStatus, type StatusObserver } from './read-copy-status';
export { createStatusLog } from './status-log';
