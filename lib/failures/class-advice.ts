import type { ErrorClass } from './error-classes';

/**
 * What the operator should do about a failure of each class, where its Code has no advice of its own
 * (lib/ecs/ecs-error-advice.ts). Only a failure's log line needs it: it is bundled in dist/on-demand.js.
 */
export const CLASS_ADVICE: Readonly<Record<ErrorClass, string>> = {
  'invalid-request': 'Fix the request or the function configuration: the message names the field and the rule it breaks.',
  'not-found': 'Check SnapshotId and RegionId: the source snapshot does not exist in that region (or was deleted).',
  'not-ready':
    "The source snapshot is still being created, or an earlier copy of the same disk to the same region is still running. Nothing to fix: a later run (or FC's async retry) copies it.",
  forbidden:
    "Grant the function's RAM role ecs:CopySnapshot (and ecs:DescribeSnapshots), or ask Alibaba Cloud support to enable cross-region snapshot copy for the account.",
  account: 'Top up the account balance or activate the snapshot service, then run again.',
  throttled:
    'ECS throttled the account (1000 calls a minute per account). The function backed off and retried; if this persists, spread schedules out or lower other API traffic.',
  credentials:
    "Check the function's role (FC passes its STS credentials per invocation) or the ALIBABA_CLOUD_ACCESS_KEY_* variables, and the machine clock; an expired STS token needs fresh credentials, not a retry.",
  transient:
    "ECS or the network failed for a while. The function retried with the same ClientToken, so no duplicate copy was made; run again, or let FC's async retry do it.",
  configuration: "Fix the environment variable named in the function's log, then redeploy.",
  unknown: 'An ECS error this function does not know: look the Code up in the ECS API error center.',
  internal: 'A defect of this function, not of ECS or the request: report it with this log line (Error and Stack say where it failed).',
  incomplete:
    "Part of what was asked was not done: each part that failed has its own log line with its Code and advice. The next run or FC's async retry tries again.",
};
