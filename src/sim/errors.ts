/**
 * Error factories: the SDK's own exception classes with AWS's real error codes, so that code under
 * test classifies them exactly as it would classify errors from AWS (`error.name`, `$fault`,
 * `$metadata.httpStatusCode`, and the SDK retry strategy's throttling/transient tables).
 */
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { ServiceException } from '@smithy/smithy-client';
import { ExpiredTokenException, MalformedPolicyDocumentException, STSServiceException } from '@aws-sdk/client-sts';
import * as ram from '@aws-sdk/client-ram';
import * as lattice from '@aws-sdk/client-vpc-lattice';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as ecs from '@aws-sdk/client-ecs';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import * as rgta from '@aws-sdk/client-resource-groups-tagging-api';

type Fault = 'client' | 'server';

function fault(status: number): Fault {
  return status >= 500 ? 'server' : 'client';
}

/**
 * EC2 has no modeled exceptions: every error is an `EC2ServiceException` whose `name` is the code.
 * Codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
export function ec2Error(code: string, message: string, status = 400): EC2ServiceException {
  return new EC2ServiceException({ name: code, $fault: fault(status), message, $metadata: { httpStatusCode: status } });
}

const stsModeled = {
  ExpiredTokenException,
  MalformedPolicyDocumentException,
} as const;

/** STS: the modeled class where one exists, otherwise `STSServiceException` named after the code. */
export function stsError(code: string, message: string, status = 400): STSServiceException {
  const $metadata = { httpStatusCode: status };
  const modeled = stsModeled[code as keyof typeof stsModeled];
  if (modeled) return new modeled({ message, $metadata });
  return new STSServiceException({ name: code, $fault: fault(status), message, $metadata });
}

/**
 * AWS RAM models its errors (`UnknownResourceException`, `MalformedArnException`, …): the modeled
 * class where one exists, otherwise `RAMServiceException` named after the code. `withClientToken`'s
 * EC2-style `IdempotentParameterMismatch` maps to RAM's `IdempotentParameterMismatchException`.
 * Codes and statuses: https://docs.aws.amazon.com/ram/latest/APIReference/CommonErrors.html and each
 * operation's "Errors" section (e.g. API_CreateResourceShare.html).
 */
export function ramError(code: string, message: string, status = 400): ram.RAMServiceException {
  const $metadata = { httpStatusCode: status };
  const name = code === 'IdempotentParameterMismatch' ? 'IdempotentParameterMismatchException' : code;
  const modeled = (ram as unknown as Record<string, unknown>)[name];
  if (typeof modeled === 'function' && name.endsWith('Exception') && modeled.prototype instanceof ram.RAMServiceException) {
    return new (modeled as new (options: { message: string; $metadata: object }) => ram.RAMServiceException)({ message, $metadata });
  }
  return new ram.RAMServiceException({ name, $fault: fault(status), message, $metadata });
}

/**
 * VPC Lattice (rest-json) models its errors: AccessDeniedException 403, ConflictException 409,
 * InternalServerException 500, ResourceNotFoundException 404, ServiceQuotaExceededException 402,
 * ThrottlingException 429, ValidationException 400 (node_modules/@aws-sdk/client-vpc-lattice
 * dist-types/models/errors.d.ts; statuses from the API Reference's CommonErrors and each operation's
 * "Errors"). A client token reused with other parameters "fails" (API_CreateServiceNetwork, clientToken);
 * the code is unconfirmed — the simulation answers ConflictException. `extra` carries the modeled
 * members (`resourceId`, `resourceType`, `quotaCode`…).
 */
export function latticeError(code: string, message: string, status?: number, extra: Record<string, unknown> = {}): lattice.VPCLatticeServiceException {
  const name = code === 'IdempotentParameterMismatch' ? 'ConflictException' : code;
  const defaults: Record<string, number> = {
    AccessDeniedException: 403,
    ConflictException: 409,
    InternalServerException: 500,
    ResourceNotFoundException: 404,
    ServiceQuotaExceededException: 402,
    ThrottlingException: 429,
    ValidationException: 400,
  };
  const httpStatusCode = status ?? defaults[name] ?? 400;
  const $metadata = { httpStatusCode };
  const modeled = (lattice as unknown as Record<string, unknown>)[name];
  if (typeof modeled === 'function' && name.endsWith('Exception') && modeled.prototype instanceof lattice.VPCLatticeServiceException) {
    return new (modeled as new (options: object) => lattice.VPCLatticeServiceException)({ message, $metadata, ...extra });
  }
  return new lattice.VPCLatticeServiceException({ name, $fault: fault(httpStatusCode), message, $metadata });
}

/**
 * CloudTrail models its errors (TrailNotFoundException, TrailAlreadyExistsException,
 * InvalidHomeRegionException, …; node_modules/@aws-sdk/client-cloudtrail dist-types/models/errors.d.ts),
 * all 400 (awsJson1_1). Throttling is `ThrottlingException` (LookupEvents: 2 TPS, API_LookupEvents.html).
 */
export function cloudTrailError(code: string, message: string, status = 400): cloudtrail.CloudTrailServiceException {
  const $metadata = { httpStatusCode: status };
  const modeled = (cloudtrail as unknown as Record<string, unknown>)[code];
  if (typeof modeled === 'function' && code.endsWith('Exception') && modeled.prototype instanceof cloudtrail.CloudTrailServiceException) {
    return new (modeled as new (options: object) => cloudtrail.CloudTrailServiceException)({ message, $metadata });
  }
  return new cloudtrail.CloudTrailServiceException({ name: code, $fault: fault(status), message, $metadata });
}

type ModeledClass = new (options: { message: string; Message?: string; $metadata: object }) => ServiceException;

/**
 * An error of a service whose SDK models its exceptions: the modeled class named `code` or
 * `code + 'Exception'` (query protocols send `LoadBalancerNotFound`, `NoSuchEntity`, which the SDK
 * deserializes to `LoadBalancerNotFoundException`, `NoSuchEntityException`: its `awsQueryError`
 * table), otherwise the service's base exception named after the code, as the SDK does for an
 * unmodeled code (`ValidationError`, `Throttling`).
 */
function modeledError(
  sdk: Record<string, unknown>,
  base: new (options: { name: string; $fault: Fault; message: string; $metadata: object }) => ServiceException,
  code: string,
  message: string,
  status: number,
): ServiceException {
  const $metadata = { httpStatusCode: status };
  for (const name of [code, `${code}Exception`]) {
    const modeled = sdk[name];
    if (typeof modeled === 'function' && name.endsWith('Exception') && modeled.prototype instanceof base) {
      return new (modeled as ModeledClass)({ message, Message: message, $metadata });
    }
  }
  return new base({ name: code, $fault: fault(status), message, $metadata });
}

/**
 * ECS (JSON protocol): the code is the class name (`ClusterNotFoundException`, `InvalidParameterException`,
 * `ServiceNotActiveException`, `ServerException` 500). `withClientToken`'s `IdempotentParameterMismatch`
 * maps to `ConflictException`, what RunTask answers for a reused token with other parameters
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html); what CreateService
 * answers is unconfirmed (docs/aws-behaviour.md 1a).
 */
export function ecsError(code: string, message: string, status = 400): ServiceException {
  const name = code === 'IdempotentParameterMismatch' ? 'ConflictException' : code;
  return modeledError(ecs as unknown as Record<string, unknown>, ecs.ECSServiceException, name, message, status);
}

/**
 * ELBv2 (query protocol): wire codes `LoadBalancerNotFound`, `DuplicateListener`, `ResourceInUse`, … reach
 * callers as `LoadBalancerNotFoundException`, `DuplicateListenerException`, `ResourceInUseException`;
 * `ValidationError` and `Throttling` are unmodeled (name = code). Codes:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/CommonErrors.html and each operation's
 * "Errors" section.
 */
export function elbv2Error(code: string, message: string, status = 400): ServiceException {
  return modeledError(elbv2 as unknown as Record<string, unknown>, elbv2.ElasticLoadBalancingV2ServiceException, code, message, status);
}

/**
 * IAM (query protocol): `NoSuchEntity` (404), `EntityAlreadyExists` (409), `DeleteConflict` (409),
 * `MalformedPolicyDocument`, `InvalidInput`, `LimitExceeded` reach callers as `…Exception`;
 * `ValidationError` and `Throttling` are unmodeled. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html#API_CreateRole_Errors
 */
export function iamError(code: string, message: string, status = 400): ServiceException {
  return modeledError(iam as unknown as Record<string, unknown>, iam.IAMServiceException, code, message, status);
}

/** Resource Groups Tagging API (JSON): `InvalidParameterException`, `ThrottledException`, `InternalServiceException` (500). */
export function rgtaError(code: string, message: string, status = 400): ServiceException {
  return modeledError(rgta as unknown as Record<string, unknown>, rgta.ResourceGroupsTaggingAPIServiceException, code, message, status);
}

/** Per-service constructors for errors the core raises for any operation (faults, auth). */
export interface ServiceErrors {
  error(code: string, message: string, status?: number): Error;
  /** EC2 `RequestLimitExceeded` is sent with HTTP 503; STS `Throttling` with 400. */
  throttling(): Error;
  /** A 5xx the SDK treats as transient. */
  serverError(pick: number): Error;
  /** Credentials the simulation does not recognise. */
  authFailure(message: string): Error;
  /** Session credentials past their expiration. */
  expiredToken(): Error;
}

export const serviceErrors: Record<string, ServiceErrors> = {
  EC2: {
    error: ec2Error,
    throttling: () => ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503),
    serverError: (pick) =>
      pick < 0.5
        ? ec2Error('InternalError', 'An internal error has occurred.', 500)
        : ec2Error('Unavailable', 'The server is overloaded and can\'t handle the request.', 503),
    authFailure: (message) => ec2Error('AuthFailure', message, 401),
    // EC2 answers expired session credentials with RequestExpired.
    expiredToken: () => ec2Error('RequestExpired', 'Request has expired.', 400),
  },
  STS: {
    error: stsError,
    throttling: () => stsError('Throttling', 'Rate exceeded', 400),
    serverError: () => stsError('InternalFailure', 'An internal error occurred.', 500),
    authFailure: (message) => stsError('InvalidClientTokenId', message, 403),
    expiredToken: () => stsError('ExpiredTokenException', 'The security token included in the request is expired'),
  },
  RAM: {
    error: ramError,
    throttling: () => ramError('ThrottlingException', 'Rate exceeded', 429),
    serverError: (pick) =>
      pick < 0.5
        ? ramError('ServerInternalException', 'The service could not respond to the request due to an internal problem.', 500)
        : ramError('ServiceUnavailableException', 'The service is not available.', 503),
    authFailure: (message) => ramError('UnrecognizedClientException', message, 403),
    expiredToken: () => ramError('ExpiredTokenException', 'The security token included in the request is expired', 403),
  },
  VPCLattice: {
    error: (code, message, status) => latticeError(code, message, status),
    throttling: () => latticeError('ThrottlingException', 'Rate exceeded', 429),
    serverError: () => latticeError('InternalServerException', 'An unexpected error occurred while processing the request.', 500),
    authFailure: (message) => latticeError('UnrecognizedClientException', message, 403),
    expiredToken: () => latticeError('ExpiredTokenException', 'The security token included in the request is expired', 403),
  },
  CloudTrail: {
    error: cloudTrailError,
    throttling: () => cloudTrailError('ThrottlingException', 'Rate exceeded', 400),
    serverError: () => cloudTrailError('InternalFailure', 'An internal error occurred.', 500),
    authFailure: (message) => cloudTrailError('UnrecognizedClientException', message, 403),
    expiredToken: () => cloudTrailError('ExpiredTokenException', 'The security token included in the request is expired', 400),
  },
  ECS: {
    error: ecsError,
    throttling: () => ecsError('ThrottlingException', 'Rate exceeded', 400),
    serverError: () => ecsError('ServerException', 'Service Unavailable. Please try again later.', 500),
    authFailure: (message) => ecsError('UnrecognizedClientException', message, 403),
    expiredToken: () => ecsError('ExpiredTokenException', 'The security token included in the request is expired', 400),
  },
  ElasticLoadBalancingV2: {
    error: elbv2Error,
    throttling: () => elbv2Error('Throttling', 'Rate exceeded', 400),
    serverError: (pick) =>
      pick < 0.5 ? elbv2Error('InternalFailure', 'An internal error occurred.', 500) : elbv2Error('ServiceUnavailable', 'Service is unavailable.', 503),
    authFailure: (message) => elbv2Error('InvalidClientTokenId', message, 403),
    expiredToken: () => elbv2Error('ExpiredToken', 'The security token included in the request is expired', 400),
  },
  IAM: {
    error: iamError,
    throttling: () => iamError('Throttling', 'Rate exceeded', 400),
    serverError: () => iamError('ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
    authFailure: (message) => iamError('InvalidClientTokenId', message, 403),
    expiredToken: () => iamError('ExpiredToken', 'The security token included in the request is expired', 400),
  },
  ResourceGroupsTaggingAPI: {
    error: rgtaError,
    throttling: () => rgtaError('ThrottledException', 'Rate exceeded', 400),
    serverError: () => rgtaError('InternalServiceException', 'An internal error occurred.', 500),
    authFailure: (message) => rgtaError('UnrecognizedClientException', message, 403),
    expiredToken: () => rgtaError('ExpiredTokenException', 'The security token included in the request is expired', 400),
  },
};

function genericError(code: string, message: string, status = 400): ServiceException {
  return new ServiceException({ name: code, $fault: fault(status), message, $metadata: { httpStatusCode: status } });
}

/** A service without its own entry above gets smithy's base `ServiceException` with the same codes. */
const genericErrors: ServiceErrors = {
  error: genericError,
  throttling: () => genericError('ThrottlingException', 'Rate exceeded', 400),
  serverError: () => genericError('InternalServerException', 'An internal error occurred.', 500),
  authFailure: (message) => genericError('UnrecognizedClientException', message, 403),
  expiredToken: () => genericError('ExpiredTokenException', 'The security token included in the request is expired'),
};

export function serviceErrorsFor(service: string): ServiceErrors {
  return serviceErrors[service] ?? genericErrors;
}

/**
 * What the SDK's node HTTP handler throws when a socket times out: an `Error` named `TimeoutError`,
 * which the retry strategy classifies as transient (TRANSIENT_ERROR_CODES in @smithy/core/retry).
 */
export function lostResponseError(operation: string): Error {
  const error = new Error(`simulated network timeout: the response to ${operation} was lost after the request was performed`);
  error.name = 'TimeoutError';
  return Object.assign(error, { $metadata: {} });
}

/** A programming gap, not an AWS behaviour: make it loud. */
export class NotImplementedInSimulation extends Error {
  override readonly name = 'NotImplementedInSimulation';
  constructor(service: string, operation: string) {
    super(`the simulation does not implement ${service}:${operation}`);
  }
}
