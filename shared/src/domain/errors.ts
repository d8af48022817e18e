/** One error class for everything the service refuses on purpose; the API maps `status` to problem+json. */
export interface FieldError {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

/** A feed document that cannot be read at all (400) or is not of the announced format (422). */
export class FeedError extends AppError {
  constructor(
    kind: 'unparseable' | 'wrong_format',
    message: string,
    /** Where in the document: line/column for XML and CSV, a JSON path for JSON. */
    readonly where?: string,
  ) {
    super(
      kind === 'unparseable' ? 'bad_request' : 'unprocessable',
      where ? `${message} (at ${where})` : message,
      where ? [{ path: where, message }] : undefined,
    );
    this.name = 'FeedError';
  }
}
