import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '@minerisk/shared/domain/errors';
import type { Logger } from '@minerisk/shared/runtime/logger';
import { problem, sendProblem, type Problem } from './problem';

/** body-parser (Express 5) failures carry a `type`; docs/dependencies.md: map them, never answer 500. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
  limit?: number;
}

function fromBodyParser(err: BodyParserError): Problem | null {
  switch (err.type) {
    case 'entity.too.large':
      return problem(
        413,
        'payload_too_large',
        `The request body is larger than the limit of ${err.limit ?? '?'} bytes for this endpoint.`,
      );
    case 'entity.parse.failed':
      return problem(400, 'malformed_json', `The request body is not valid JSON: ${err.message}`, {
        errors: [{ path: 'body', message: `malformed JSON: ${err.message}` }],
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'unsupported_media_type', err.message);
    case 'request.aborted':
    case 'request.size.invalid':
      return problem(400, 'bad_request', err.message);
    default:
      return null;
  }
}

/** The one error middleware: AppError / FeedError / body-parser errors → problem+json; the rest → 500 without a stack. */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof AppError) {
      sendProblem(res, problem(err.status, err.code, err.message, err.errors ? { errors: err.errors } : {}), err.headers);
      return;
    }
    const parserProblem = err instanceof Error ? fromBodyParser(err as BodyParserError) : null;
    if (parserProblem) {
      sendProblem(res, parserProblem);
      return;
    }
    const status = (err as BodyParserError | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && (err as BodyParserError).expose) {
      sendProblem(res, problem(status, 'bad_request', (err as Error).message));
      return;
    }
    (req.log ?? logger).error({ err }, 'unhandled error');
    sendProblem(res, problem(500, 'internal', 'An unexpected error occurred. Quote the request id when reporting it.'));
  };
}

/** docs/api.md: unknown paths are 404 problems too. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, problem(404, 'not_found', `No endpoint ${req.method} ${req.path}.`));
};
