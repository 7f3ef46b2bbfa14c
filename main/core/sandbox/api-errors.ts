// The errors the sandbox answers, as values, and how each dialect writes them (reference §2).

export type Dialect = 'v1' | 'v2';

export type Problem =
  | 'invalid-request'
  | 'resource-not-found'
  | 'rate-limit-exceeded'
  | 'internal-error'
  | 'unsupported-authentication'
  | 'service-unavailable'
  | 'duplicate-content'
  | 'not-authorized-for-resource'
  | 'about:blank'
  | 'credits-depleted';

export interface ApiError {
  status: number;
  /** X's numeric error code, when X sends one for this case. */
  code?: number;
  message: string;
  /** v1.1 upload-service messages use the `{"request","error"}` shape (reference §2). */
  uploadService?: boolean;
  problem: Problem;
}

const AUTH_CODES: ReadonlySet<number> = new Set([32, 89, 135, 215]);

export const apiErrors = {
  badAuthenticationData: (): ApiError => ({
    status: 400,
    code: 215,
    message: 'Bad Authentication data.',
    problem: 'unsupported-authentication',
  }),
  couldNotAuthenticate: (): ApiError => ({
    status: 401,
    code: 32,
    message: 'Could not authenticate you.',
    problem: 'unsupported-authentication',
  }),
  timestampOutOfBounds: (): ApiError => ({
    status: 401,
    code: 135,
    message: 'Timestamp out of bounds.',
    problem: 'unsupported-authentication',
  }),
  invalidToken: (): ApiError => ({
    status: 401,
    code: 89,
    message: 'Invalid or expired token.',
    problem: 'unsupported-authentication',
  }),
  rateLimited: (): ApiError => ({
    status: 429,
    code: 88,
    message: 'Rate limit exceeded',
    problem: 'rate-limit-exceeded',
  }),
  overCapacity: (): ApiError => ({ status: 503, code: 130, message: 'Over capacity', problem: 'service-unavailable' }),
  internal: (): ApiError => ({ status: 500, code: 131, message: 'Internal error', problem: 'internal-error' }),
  mediaNotFound: (): ApiError => ({
    status: 404,
    code: 325,
    message: 'A media id was not found.',
    problem: 'resource-not-found',
  }),
  pageNotFound: (): ApiError => ({
    status: 404,
    code: 34,
    message: 'Sorry, that page does not exist.',
    problem: 'resource-not-found',
  }),
  missingParameter: (name: string): ApiError => ({
    status: 400,
    code: 38,
    message: `${name} parameter is missing.`,
    problem: 'invalid-request',
  }),
  invalidParameter: (message: string): ApiError => ({ status: 400, code: 38, message, problem: 'invalid-request' }),
  mediaValidation: (message: string): ApiError => ({ status: 400, code: 324, message, problem: 'invalid-request' }),
  uploadService: (message: string, status = 400): ApiError => ({
    status,
    message,
    uploadService: true,
    problem: 'invalid-request',
  }),
  // Posts (reference §7, §8).
  duplicateContent: (): ApiError => ({
    status: 403,
    message: 'You are not allowed to create a Tweet with duplicate content.',
    problem: 'duplicate-content',
  }),
  replyRestricted: (): ApiError => ({
    status: 403,
    message: 'You can only reply to or quote posts where you are mentioned or are the author.',
    problem: 'about:blank',
  }),
  creditsDepleted: (): ApiError => ({
    status: 402,
    message: 'Your enrolled account does not have any credits to fulfill this request.',
    problem: 'credits-depleted',
  }),
  postNotFound: (id: string): ApiError => ({
    status: 404,
    message: `Could not find tweet with id: [${id}].`,
    problem: 'resource-not-found',
  }),
  desktopMustUseOob: (): ApiError => ({
    status: 403,
    code: 417,
    message: "Desktop applications only support the oauth_callback value 'oob'",
    problem: 'invalid-request',
  }),
};

const TITLES: Readonly<Record<Problem, string>> = {
  'invalid-request': 'Invalid Request',
  'resource-not-found': 'Not Found Error',
  'rate-limit-exceeded': 'Too Many Requests',
  'internal-error': 'Internal Server Error',
  'unsupported-authentication': 'Unauthorized',
  'service-unavailable': 'Service Unavailable',
  'duplicate-content': 'Forbidden',
  'not-authorized-for-resource': 'Forbidden',
  'about:blank': 'Forbidden',
  'credits-depleted': 'CreditsDepleted',
};

/**
 * The JSON body for an error. Authentication failures are `{"errors":[{code,message}]}` on every
 * route (what X answers for a bad OAuth 1.0a request). Other v2 errors are problem JSON that also
 * carries an `errors` array (X's v2 may send both). v1.1 uses `errors`, or the upload service's
 * `{"request","error"}` for upload-service messages.
 */
export function errorBody(error: ApiError, dialect: Dialect, requestPath: string): unknown {
  const entry = error.code === undefined ? { message: error.message } : { code: error.code, message: error.message };
  if (error.code !== undefined && AUTH_CODES.has(error.code)) return { errors: [entry] };
  if (dialect === 'v1') {
    if (error.uploadService) return { request: requestPath, error: error.message };
    return { errors: [entry] };
  }
  return {
    title: TITLES[error.problem],
    detail: error.message,
    // X answers some refusals (the reply restriction) with the generic problem type.
    type: error.problem === 'about:blank' ? 'about:blank' : `https://api.x.com/2/problems/${error.problem}`,
    status: error.status,
    errors: [entry],
  };
}
