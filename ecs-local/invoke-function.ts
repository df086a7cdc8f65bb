import { type ActionContext, type ActionResult, type ActionSpec, fail, succeed } from './action';
import { ecsError } from './errors';
import { newFcRequestId } from './fc-function';

/** FC 3.0's API version, the first segment of its paths. */
export const FC_API_VERSION = '2023-03-30';

/** "Async request body at most 128 KB" (FC's limits; next-apis.md section 2). */
export const MAX_ASYNC_PAYLOAD_BYTES = 128 * 1024;

/** `x-fc-async-task-id`: "starts with a letter or `_`, then letters, digits, `_` and `-`; at most 128 characters"
 * (https://help.aliyun.com/zh/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-invokefunction). */
const TASK_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/**
 * InvokeFunction, asynchronously: `POST /2023-03-30/functions/{functionName}/invocations` with
 * `x-fc-invocation-type: Async` and an optional `x-fc-async-task-id`. The FC transport (fc-http.ts) hands the engine
 * the path's and headers' values as parameters (`functionName`, `qualifier`, `x-fc-invocation-type`,
 * `x-fc-async-task-id`) and the body. Accepted: 202 with `x-fc-request-id` and the task ID; the task is delivered
 * later (async-invocations.ts).
 *
 * Codes, from FC's error table (https://www.alibabacloud.com/help/en/functioncompute/error-codes) where it has one:
 * 400 EntityTooLarge "payload size exceeds maximum allowed size (%s bytes)" for a body past 128 KB, 400
 * InvalidArgument for a malformed task ID, 404 FunctionNotFound (the 2023-03-30 Error struct's example). This
 * cloud's own choices (UNVERIFIED): InvalidArgument for a synchronous invocation (not served here) and for a task ID
 * sent to a function without asynchronous tasks; 409 AsyncTaskAlreadyExists for a task ID already used (409 is
 * documented, "任务防重复提交", https://help.aliyun.com/document_detail/2513608.html; the code is not), or 202 with
 * the first task when the function's `duplicateTaskId` is `accepted`.
 */
function run(context: ActionContext): ActionResult {
  const { params, caller, services, body, nowMs } = context;
  const functionName = params.get('functionName') ?? '';
  const invocationType = params.get('x-fc-invocation-type') ?? 'Sync';
  if (invocationType.toLowerCase() !== 'async') {
    return fail(ecsError(400, 'InvalidArgument', 'ecs-local serves asynchronous invocations only: send x-fc-invocation-type: Async.'));
  }
  const event = body ?? Buffer.alloc(0);
  if (event.length > MAX_ASYNC_PAYLOAD_BYTES) {
    return fail(ecsError(400, 'EntityTooLarge', `payload size exceeds maximum allowed size (${MAX_ASYNC_PAYLOAD_BYTES} bytes)`));
  }
  const taskId = params.get('x-fc-async-task-id');
  if (taskId !== undefined && !TASK_ID.test(taskId)) {
    return fail(
      ecsError(
        400,
        'InvalidArgument',
        `x-fc-async-task-id "${taskId}" must start with a letter or _, then letters, digits, _ or -, at most 128 characters`,
      ),
    );
  }
  const { asyncInvocations } = services;
  const fn = asyncInvocations.functionOf(caller.accountId, functionName);
  if (fn === undefined) return fail(ecsError(404, 'FunctionNotFound', `function '${functionName}' does not exist`));
  if (taskId !== undefined && !fn.asyncTask) {
    return fail(
      ecsError(400, 'InvalidArgument', `async task is not enabled for function '${functionName}': x-fc-async-task-id is refused`),
    );
  }
  const submission = asyncInvocations.submit(fn, { taskId, requestId: newFcRequestId(nowMs), qualifier: params.get('qualifier'), event });
  if (submission.kind === 'duplicate' && fn.duplicateTaskId === 'conflict') {
    return fail(
      ecsError(409, 'AsyncTaskAlreadyExists', `async task '${submission.task.taskId}' of function '${functionName}' already exists`),
    );
  }
  return succeed({ requestId: submission.task.requestId, taskId: submission.task.taskId });
}

export const invokeFunction: ActionSpec = { product: 'FC', version: FC_API_VERSION, Action: 'InvokeFunction', run };
