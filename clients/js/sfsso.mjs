// SfCognitoSso in the browser, with no dependencies: sign a user into Cognito with the Salesforce session the page
// already holds (canvas apps, Visualforce, iframes). Step 1 asks the SfCognitoSso validator to prove the session and
// name the Cognito user; steps 2 and 3 are Cognito's custom authentication over its public JSON API.
//
//   import { signIn } from './sfsso.mjs';
//   const { username, tokens, claims } = await signIn({
//     sessionId, validatorUrl: 'https://sso.example.com', userPoolId: 'eu-west-1_AbC123', clientId: '…',
//   });
//
// Failures throw SignInError with a stable `code`: the validator's problem code (invalid_session, org_not_allowed,
// …), Cognito's error name (NotAuthorizedException, …), or validator_unreachable / cognito_unreachable /
// answer_not_accepted. The session is never put in an error, a log or the URL.

const TARGET = 'AWSCognitoIdentityProviderService.';

// The types are sfsso.d.ts's (the package's declarations); CI checks this file against them with tsc --checkJs --strict.
// Parameters are as lenient as a plain-JS caller may be: what is missing is refused at run time with invalid_request.
/** @typedef {import('./sfsso.js').SignInTarget} SignInTarget */
/** @typedef {import('./sfsso.js').CognitoTarget} CognitoTarget */
/** @typedef {import('./sfsso.js').SignInResult} SignInResult */
/** @typedef {import('./sfsso.js').Tokens} Tokens */
/** @typedef {import('./sfsso.js').JwtClaims} JwtClaims */

export class SignInError extends Error {
  /** @param {string} code @param {string} message @param {{status?: number, retryable?: boolean}} [details] */
  constructor(code, message, { status, retryable = false } = {}) {
    super(message);
    this.name = 'SignInError';
    this.code = code;
    this.status = status;
    this.retryable = retryable;
  }
}

// The pool ID's shape, as Cognito and our .NET client check it: region, '_', letters and digits. It becomes part of a
// host name, so nothing else may pass.
const USER_POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d_[0-9a-zA-Z]+$/;

/**
 * Cognito's public endpoint for a pool, e.g. eu-west-1_AbC123 → https://cognito-idp.eu-west-1.amazonaws.com/
 * @param {string | undefined} userPoolId
 * @returns {string}
 */
export function cognitoEndpointFor(userPoolId) {
  if (!USER_POOL_ID.test(String(userPoolId))) {
    throw new SignInError('invalid_request', 'userPoolId must look like eu-west-1_AbC123.');
  }
  return `https://cognito-idp.${String(userPoolId).split('_')[0]}.amazonaws.com/`;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An endpoint the session may be sent to: https, or http on this machine only.
 * @param {string | URL} url
 * @param {string} name
 * @returns {URL}
 */
function endpoint(url, name) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new SignInError('invalid_request', `${name} must be an absolute URL.`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
    throw new SignInError('invalid_request', `${name} must be an https URL (http only on loopback).`);
  }
  return parsed;
}

/**
 * The claims of a JWT, read without verifying it (verify tokens on your server, e.g. with aws-jwt-verify).
 * @param {string} jwt
 * @returns {JwtClaims}
 */
export function decodeJwt(jwt) {
  const part = String(jwt).split('.')[1];
  if (!part) throw new SignInError('unexpected_response', 'Not a JWT.');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Validator, InitiateAuth (CUSTOM_AUTH), RespondToAuthChallenge with the session as the answer.
 * @param {Partial<SignInTarget> & { sessionId?: string }} [options]
 * @returns {Promise<SignInResult>}
 */
export async function signIn(options = {}) {
  return signInWithSubject(options, { sessionId: options.sessionId });
}

/**
 * The three steps, with what proves the user to the validator (a session, or a signed request carrying one).
 * @param {Partial<SignInTarget> & { sessionId?: string }} where
 * @param {{ sessionId?: string, signedRequest?: string, accessToken?: string }} subject
 * @returns {Promise<SignInResult>}
 */
async function signInWithSubject({ sessionId, validatorUrl, userPoolId, clientId, cognitoUrl, signal } = {}, subject) {
  if (!sessionId || !validatorUrl || !userPoolId || !clientId) {
    throw new SignInError('invalid_request', 'sessionId, validatorUrl, userPoolId and clientId are required.');
  }
  const validator = endpoint(validatorUrl, 'validatorUrl');
  const cognito = cognitoEndpoint(cognitoUrl, userPoolId);
  if (LOOPBACK.has(cognito.hostname) && !LOOPBACK.has(validator.hostname)) {
    throw new SignInError('invalid_request', 'cognitoUrl is on loopback but validatorUrl is not: leave cognitoUrl unset for the pool region\'s Cognito.');
  }

  const validated = await call(new URL('/v1/sessions/validate', validator), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(subject),
    signal,
  }, 'validator_unreachable', 'The validator');
  if (!validated.ok) {
    const problem = validated.body ?? {};
    const code = problem.code ?? 'unexpected_response';
    throw new SignInError(code, problem.detail ?? problem.title ?? `The validator answered HTTP ${validated.status}.`, {
      status: validated.status,
      retryable: validated.status >= 500 || code === 'rate_limited',
    });
  }
  const username = validated.body.username;

  const started = await cognitoCall(cognito, 'InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username },
  }, signal);
  if (started.ChallengeName !== 'CUSTOM_CHALLENGE' || !started.Session) {
    throw new SignInError('unexpected_response', 'Cognito did not answer with a custom challenge.');
  }

  const answered = await cognitoCall(cognito, 'RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: started.Session,
    // Answer as the user Cognito names (it may differ from what was sent).
    ChallengeResponses: { USERNAME: started.ChallengeParameters?.USERNAME ?? username, ANSWER: sessionId },
    // The validator's ticket, when it gave one: Verify checks it offline instead of asking Salesforce again.
    ...(validated.body.ticket ? { ClientMetadata: { ticket: validated.body.ticket } } : {}),
  }, signal);
  if (answered.ChallengeName) {
    throw new SignInError('answer_not_accepted', 'Cognito did not accept the Salesforce session as the answer.');
  }
  return { username, tokens: tokensOf(answered.AuthenticationResult), claims: decodeJwt(answered.AuthenticationResult.IdToken) };
}

/**
 * Sign in from an org with JWT-based access tokens: the token is checked offline by the validator (which asks
 * Salesforce only about a user it has not seen) and answers Cognito's challenge, checked offline there too.
 * @param {Partial<SignInTarget> & { accessToken?: string }} [options]
 * @returns {Promise<SignInResult>}
 */
export async function signInWithAccessToken({ accessToken, ...where } = {}) {
  return signInWithSubject({ ...where, sessionId: accessToken }, { accessToken });
}

/**
 * Sign in from a Salesforce Canvas app with the signed request Salesforce POSTed to it (or the Canvas SDK's
 * Sfdc.canvas.client.refreshSignedRequest gave): the validator checks its signature with the org's consumer secret
 * and proves the OAuth token it carries; that token then answers Cognito's challenge. Same result and errors as signIn.
 * @param {Partial<SignInTarget> & { signedRequest?: string }} [options]
 * @returns {Promise<SignInResult>}
 */
export async function signInWithCanvas({ signedRequest, ...where } = {}) {
  return signInWithSubject({ ...where, sessionId: canvasToken(signedRequest) }, { signedRequest });
}

/**
 * The OAuth token a signed request carries (read, not verified: the validator verifies it).
 * @param {string | undefined} signedRequest
 * @returns {string}
 */
function canvasToken(signedRequest) {
  const envelope = String(signedRequest ?? '').split('.')[1];
  try {
    const token = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(envelope.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))))?.client?.oauthToken;
    if (typeof token === 'string' && token) return token;
  } catch {
    // fall through
  }
  throw new SignInError('invalid_request', 'signedRequest must be a Canvas signed request (<signature>.<base64 CanvasRequest>).');
}

// Refreshes under way, by endpoint, app client and refresh token: a second refresh with the same token joins the
// first. On an app client that rotates refresh tokens, a second call would be refused as a reuse once the grace period
// is over.
/** @type {Map<string, Promise<Tokens>>} */
const refreshesInFlight = new Map();

/**
 * New ID and access tokens for a refresh token, with GetTokensFromRefreshToken (every app client allows it; one that
 * rotates refresh tokens refuses REFRESH_TOKEN_AUTH). `refreshToken` in the answer is the new one when the client
 * rotates, else the one given: keep it for the next refresh.
 * @param {Partial<CognitoTarget> & { refreshToken?: string, timeoutMs?: number }} [options]
 * @returns {Promise<Tokens>}
 */
export function refresh({ refreshToken, userPoolId, clientId, cognitoUrl, signal, timeoutMs = 15_000 } = {}) {
  if (!refreshToken || !clientId) {
    return Promise.reject(new SignInError('invalid_request', 'refreshToken and clientId are required.'));
  }
  const key = [String(cognitoUrl ?? userPoolId), clientId, refreshToken].join('\n');
  let pending = refreshesInFlight.get(key);
  if (!pending) {
    // Not the caller's signal: one caller giving up must not abort the refresh another is waiting on. Its own time
    // limit instead, so a silent Cognito cannot leave a call every later refresh with this token would join.
    pending = Promise.resolve()
      .then(() => cognitoCall(cognitoEndpoint(cognitoUrl, userPoolId), 'GetTokensFromRefreshToken', {
        ClientId: clientId, RefreshToken: refreshToken,
      }, AbortSignal.timeout(timeoutMs)))
      .then((refreshed) => tokensOf(refreshed.AuthenticationResult, refreshToken), (error) => {
        throw error instanceof SignInError
          ? error
          : new SignInError('cognito_unreachable', `Cognito did not answer within ${timeoutMs} ms.`, { retryable: true });
      })
      .finally(() => refreshesInFlight.delete(key));
    refreshesInFlight.set(key, pending);
  }
  return signal ? abortable(pending, signal) : pending;
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {AbortSignal} signal
 * @returns {Promise<T>}
 */
function abortable(promise, signal) {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Revokes the refresh token and the access tokens issued from it.
 * @param {Partial<CognitoTarget> & { refreshToken?: string }} [options]
 * @returns {Promise<void>}
 */
export async function signOut({ refreshToken, userPoolId, clientId, cognitoUrl, signal } = {}) {
  if (!refreshToken || !clientId) throw new SignInError('invalid_request', 'refreshToken and clientId are required.');
  await cognitoCall(cognitoEndpoint(cognitoUrl, userPoolId), 'RevokeToken', { ClientId: clientId, Token: refreshToken }, signal);
}

/**
 * @param {string | URL | undefined} cognitoUrl
 * @param {string | undefined} userPoolId
 * @returns {URL}
 */
function cognitoEndpoint(cognitoUrl, userPoolId) {
  return cognitoUrl ? endpoint(cognitoUrl, 'cognitoUrl') : new URL(cognitoEndpointFor(userPoolId));
}

/**
 * @param {{ IdToken?: string, AccessToken?: string, RefreshToken?: string, ExpiresIn?: number } | undefined} result
 * @param {string} [refreshed] the refresh token just used: kept when Cognito hands out no new one (no rotation)
 * @returns {Tokens}
 */
function tokensOf(result, refreshed) {
  const refreshToken = result?.RefreshToken ?? refreshed;
  if (!result?.IdToken || !result?.AccessToken || !refreshToken) throw new SignInError('unexpected_response', "Cognito's answer has no tokens.");
  return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken, expiresIn: Number(result.ExpiresIn) };
}

/**
 * @param {URL} endpoint
 * @param {string} operation
 * @param {object} payload
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>} Cognito's JSON answer
 */
async function cognitoCall(endpoint, operation, payload, signal) {
  const answer = await call(endpoint, {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation },
    body: JSON.stringify(payload),
    signal,
  }, 'cognito_unreachable', 'Cognito');
  if (answer.ok) return answer.body ?? {};
  const name = String(answer.body?.__type ?? 'unexpected_response').split('#').pop() ?? 'unexpected_response';
  throw new SignInError(name, answer.body?.message ?? `Cognito answered HTTP ${answer.status}.`, {
    status: answer.status,
    // UnexpectedLambdaException: a trigger timed out or could not be invoked, Cognito's side failing.
    retryable: answer.status >= 500 || ['TooManyRequestsException', 'LimitExceededException', 'InternalErrorException', 'UnexpectedLambdaException'].includes(name),
  });
}

/**
 * @param {URL} url
 * @param {RequestInit} init
 * @param {string} unreachableCode
 * @param {string} service
 * @returns {Promise<{ ok: boolean, status: number, body: any }>}
 */
async function call(url, init, unreachableCode, service) {
  let response;
  try {
    // A redirect would carry the session elsewhere: never followed.
    response = await fetch(url, { method: 'POST', redirect: 'error', ...init });
  } catch (error) {
    // The caller's own abort (any reason: abort(), AbortSignal.timeout) is theirs to see, never "unreachable".
    if (init.signal?.aborted) throw error;
    throw new SignInError(unreachableCode, `${service} is unreachable.`, { retryable: true });
  }
  const body = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}
