import { USE_CASES } from '../../functions/copy-snapshot/use-cases';
import { CopyFailure } from '../../lib/failures/errors';
import { failureResponse } from '../../lib/fc/http-response';
import { MAX_BODY_BYTES, routeHttpRequest } from '../../lib/fc/http-trigger';
import type { HttpTriggerEvent } from '../../lib/fc/invocation-event';

/** The route table's HTTP routes, in its order: POST /copies, GET /copies/{SnapshotId}, POST /restore-drills. */
const ROUTES = USE_CASES.flatMap((useCase) => (useCase.http ? [useCase.http] : []));

function httpEvent(overrides: Partial<HttpTriggerEvent> & { method?: string } = {}): HttpTriggerEvent {
  const { method = 'POST', ...rest } = overrides;
  return {
    rawPath: '/copies',
    body: '{"SnapshotId":"s-abcd1234"}',
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json' },
    requestContext: { requestId: 'fc-req-1', http: { method } },
    ...rest,
  };
}

function refusal(event: HttpTriggerEvent) {
  const result = routeHttpRequest(event, ROUTES);
  if (result.kind !== 'refused') throw new Error('expected a refusal');
  return {
    status: result.response.statusCode,
    body: JSON.parse(result.response.body) as Record<string, unknown>,
    headers: result.response.headers,
  };
}

describe('routeHttpRequest', () => {
  it('reads a plain JSON body of POST /copies', () => {
    expect(routeHttpRequest(httpEvent(), ROUTES)).toEqual({ kind: 'body', route: 0, body: { SnapshotId: 's-abcd1234' } });
  });

  it('reads a base64-encoded body and a trailing slash, whatever the header case', () => {
    const event = httpEvent({
      rawPath: '/copies/',
      body: Buffer.from('{"SnapshotId":"s-abcd1234"}').toString('base64'),
      isBase64Encoded: true,
      headers: { 'CONTENT-TYPE': 'application/json; charset=utf-8' },
    });

    expect(routeHttpRequest(event, ROUTES)).toEqual({ kind: 'body', route: 0, body: { SnapshotId: 's-abcd1234' } });
  });

  it('answers 405 with Allow for other methods', () => {
    const answer = refusal(httpEvent({ method: 'GET' }));

    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(answer.body).toMatchObject({ Code: 'InvalidEvent', Class: 'invalid-request' });
  });

  it('answers 404 for another path, listing every route of the table', () => {
    const answer = refusal(httpEvent({ rawPath: '/snapshots' }));

    expect(answer.status).toBe(404);
    expect(answer.body.Message).toContain(
      'no such resource; POST /copies copies, GET /copies/<SnapshotId>?RegionId=<region> reads a copy, POST /restore-drills runs a restore drill, POST /restores 403',
    );
  });

  it('routes a route added to the table, with its path parameters, and nothing else there', () => {
    const routes = [...ROUTES, { method: 'GET' as const, path: '/drills/{RunId}/disks/{DiskId}', says: 'reads a drill' }];
    const read = routeHttpRequest(httpEvent({ method: 'GET', rawPath: '/drills/r-1/disks/d-2' }), routes);

    expect(read).toEqual({ kind: 'read', route: ROUTES.length, pathParameters: { RunId: 'r-1', DiskId: 'd-2' }, query: {} });
    expect(routeHttpRequest(httpEvent({ method: 'GET', rawPath: '/drills/r-1' }), routes).kind).toBe('refused');
  });

  it('routes GET /copies/<SnapshotId> with its RegionId to a status read, and refuses other methods there', () => {
    const read = routeHttpRequest(
      httpEvent({ method: 'GET', rawPath: '/copies/s-abcd1234', queryParameters: { RegionId: 'us-east-1' } }),
      ROUTES,
    );
    const post = refusal(httpEvent({ rawPath: '/copies/s-abcd1234' }));

    expect(read).toEqual({ kind: 'read', route: 1, pathParameters: { SnapshotId: 's-abcd1234' }, query: { RegionId: 'us-east-1' } });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });

  it('answers 415 for a body that is not declared JSON', () => {
    expect(refusal(httpEvent({ headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  });

  it.each([
    ['unreadable JSON', { body: '{"SnapshotId":' }, 'is not valid JSON'],
    ['an empty body', { body: '' }, 'is required'],
    ['invalid base64', { body: '@@@@', isBase64Encoded: true }, 'not valid base64'],
    ['invalid UTF-8', { body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), isBase64Encoded: true }, 'not valid UTF-8'],
  ])('answers 400 for %s', (_, overrides, rule) => {
    const answer = refusal(httpEvent(overrides));

    expect(answer.status).toBe(400);
    expect(String(answer.body.Message)).toContain(rule);
  });

  it('answers 413 for an oversized body, plain or base64', () => {
    const big = JSON.stringify({ SnapshotId: 'x'.repeat(MAX_BODY_BYTES) });

    expect(refusal(httpEvent({ body: big })).status).toBe(413);
    expect(refusal(httpEvent({ body: Buffer.from(big).toString('base64'), isBase64Encoded: true })).status).toBe(413);
  });
});

describe('failureResponse', () => {
  it("shows a client error's message and hides a server error's detail", () => {
    const notFound = new CopyFailure({
      Code: 'InvalidSnapshotId.NotFound',
      Message: 'The specified snapshot is not exists.',
      errorClass: 'not-found',
      RequestId: 'E-1',
    });
    const bad = new CopyFailure({ Code: 'EcsBadResponse', Message: 'internal detail', errorClass: 'transient' });

    expect(failureResponse(notFound, 'fc-1')).toMatchObject({ statusCode: 404 });
    expect(JSON.parse(failureResponse(notFound, 'fc-1').body)).toEqual({
      Code: 'InvalidSnapshotId.NotFound',
      Message: 'The specified snapshot is not exists.',
      Class: 'not-found',
      RequestId: 'E-1',
      FcRequestId: 'fc-1',
    });
    const server = failureResponse(bad, 'fc-2');
    expect(server.statusCode).toBe(502);
    expect(server.body).not.toContain('internal detail');
    expect(JSON.parse(server.body)).toMatchObject({ Code: 'EcsBadResponse', Class: 'transient' });
  });

  it.each([
    ['invalid-request', 'InvalidParameter', 400],
    ['not-found', 'InvalidSnapshotId.NotFound', 404],
    ['not-ready', 'InvalidSnapshotId.NotReady', 409],
    ['forbidden', 'Forbidden.RAM', 403],
    ['account', 'InvalidAccountStatus.NotEnoughBalance', 403],
    ['throttled', 'Throttling.User', 429],
    ['credentials', 'SignatureDoesNotMatch', 502],
    ['transient', 'InternalError', 502],
    ['transient', 'ServiceUnavailable', 503],
    ['transient', 'EcsTimeout', 504],
    ['transient', 'DeadlineExceeded', 504],
    ['configuration', 'InvalidConfiguration', 500],
    ['unknown', 'Brand.New', 502],
  ] as const)('answers class %s (%s) with HTTP %i', (errorClass, Code, status) => {
    expect(failureResponse(new CopyFailure({ Code, Message: 'm', errorClass }), undefined).statusCode).toBe(status);
  });
});
