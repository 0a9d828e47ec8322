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
