/**
 * Coded errors thrown by services; each transport maps them once (HTTP: the Fastify error
 * handler; ws: an `error` frame).
 */
export type ErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'rate_limited';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, status: number, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
  }
}

export const NotFound = (message = 'not found') => new AppError('not_found', 404, message);
export const Conflict = (message: string) => new AppError('conflict', 409, message);
export const Invalid = (message: string) => new AppError('invalid', 400, message);
export const Unauthorized = (message = 'login required') =>
  new AppError('unauthorized', 401, message);
export const Forbidden = (message = 'not allowed') => new AppError('forbidden', 403, message);
export const TooManyRequests = (message: string) => new AppError('rate_limited', 429, message);
export const Unavailable = (message = 'temporarily unavailable') =>
  new AppError('unavailable', 503, message);

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
