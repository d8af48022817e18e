import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';

/** What node's HTTP parser refuses before Express sees the request, as a status. */
function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * The `clientError` handler of the API's server: node's own 400/408/431 answers (an unparseable request,
 * headers over the limit) sent as problem+json instead of an empty body (docs/api.md Errors).
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf(err.code);
  const detail =
    status === 431
      ? 'The request headers are larger than the server accepts.'
      : status === 408
        ? 'The request was not received in time.'
        : 'The request could not be parsed as HTTP.';
  const body = JSON.stringify(problem(status, status === 431 ? 'headers_too_large' : 'bad_request', detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
