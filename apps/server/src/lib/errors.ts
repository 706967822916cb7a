/** Errors a service throws; the error plugin turns them into `{error: {code, message, details?}}`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: FieldProblem[]) =>
  new AppError(400, 'bad_request', message, details);
export const unauthorized = (message = '请先登录') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError(403, 'forbidden', message);
export const notFound = (message = '未找到该记录') => new AppError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const unprocessable = (message: string, code = 'unprocessable') => new AppError(422, code, message);
export const locked = (message: string) => new AppError(423, 'locked', message);
export const unavailable = (message = '服务暂时不可用，请稍后再试') => new AppError(503, 'unavailable', message);
