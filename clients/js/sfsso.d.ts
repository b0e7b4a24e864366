// Type declarations of sfsso.mjs, kept with it: the package's Node test checks that both export the same names, and
// a strict TypeScript consumer of the packed package compiles against them in CI.

/** Where to sign in: the validator, the pool and its app client. */
export interface SignInTarget {
  /** The SfCognitoSso validator, e.g. `https://sso.example.com` (https; http only on loopback). */
  validatorUrl: string | URL;
  /** The user pool, e.g. `eu-west-1_AbC123`: its region names Cognito's public endpoint. */
  userPoolId: string;
  /** The app client users sign in with (custom auth; no secret). */
  clientId: string;
  /** Cognito's endpoint instead of the pool region's public one (the local stack's, say). */
  cognitoUrl?: string | URL;
  /** Aborts the sign-in (the promise then rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Where to refresh or sign out: the pool and its app client; no validator is involved. */
export interface CognitoTarget {
  userPoolId: string;
  clientId: string;
  cognitoUrl?: string | URL;
  signal?: AbortSignal;
}

/** Cognito's tokens for the user. */
export interface Tokens {
  idToken: string;
  accessToken: string;
  /** Keep it for refresh and sign-out; after a refresh, the new one when the app client rotates refresh tokens. */
  refreshToken: string;
  /** Seconds until the ID and access tokens expire. */
  expiresIn: number;
}

/** The claims of a JWT, read without verifying it. */
export type JwtClaims = Record<string, unknown>;

export interface SignInResult {
  /** The Cognito username the validator named (`sf_<org>_<user>`, or the linked user's in Email mode). */
  username: string;
  tokens: Tokens;
  /** The ID token's claims (not verified here: verify tokens on your server). */
  claims: JwtClaims;
}

/**
 * Why a sign-in, refresh or sign-out failed. `code` is stable: the validator's problem code (`invalid_session`,
 * `org_not_allowed`, …), Cognito's error name (`NotAuthorizedException`, `RefreshTokenReuseException`, …), or
 * `validator_unreachable` / `cognito_unreachable` / `answer_not_accepted` / `invalid_request` / `unexpected_response`.
 */
export class SignInError extends Error {
  constructor(code: string, message: string, details?: { status?: number; retryable?: boolean });
  readonly name: 'SignInError';
  readonly code: string;
  /** The HTTP status of the answer that refused, when there was one. */
  readonly status: number | undefined;
  /** True when trying again later may succeed (a service unreachable, busy or rate limiting, a trigger that timed out). */
  readonly retryable: boolean;
}

/** Cognito's public endpoint for a pool, e.g. `eu-west-1_AbC123` → `https://cognito-idp.eu-west-1.amazonaws.com/`. */
export function cognitoEndpointFor(userPoolId: string): string;

/** The claims of a JWT, read without verifying it (verify tokens on your server, e.g. with aws-jwt-verify). */
export function decodeJwt(jwt: string): JwtClaims;

/** Validator, InitiateAuth (CUSTOM_AUTH), RespondToAuthChallenge with the session as the answer. */
export function signIn(options: SignInTarget & { sessionId: string }): Promise<SignInResult>;

/** From an org with JWT-based access tokens: the token instead of a session ID. */
export function signInWithAccessToken(options: SignInTarget & { accessToken: string }): Promise<SignInResult>;

/** From a Canvas app: the signed request Salesforce POSTed to it. */
export function signInWithCanvas(options: SignInTarget & { signedRequest: string }): Promise<SignInResult>;

/**
 * New tokens for a refresh token (GetTokensFromRefreshToken); a refresh already under way with the token is joined.
 * `timeoutMs` (15000 by default) bounds that shared call: past it, `cognito_unreachable` (retryable).
 */
export function refresh(options: CognitoTarget & { refreshToken: string; timeoutMs?: number }): Promise<Tokens>;

/** Revokes the refresh token and the access tokens issued from it. */
export function signOut(options: CognitoTarget & { refreshToken: string }): Promise<void>;
