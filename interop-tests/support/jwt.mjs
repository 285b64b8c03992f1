// Mints JSON Web Tokens for the auth interop tests with node's crypto only:
// HS256 (HMAC-SHA256) or unsigned (alg "none"), base64url segments.

import { createHmac } from 'node:crypto';

/** The settings the Socket.IO test server validates tokens with (given to it as env by auth.test.mjs). */
export const JWT = Object.freeze({
  key: 'socketio-interop-hs256-key-0123456789abcdef',
  issuer: 'https://issuer.interop.test/',
  audience: 'socketio-interop',
});

/** The env that turns JWT authentication on in interop-tests/SocketIoTestServer. */
export const JWT_SERVER_ENV = Object.freeze({
  JWT_KEY: JWT.key, JWT_ISSUER: JWT.issuer, JWT_AUDIENCE: JWT.audience,
});

const segment = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token for `sub`, valid for 10 minutes unless `expiresIn` (seconds, may be
 * negative) says otherwise. `claims` are merged into the payload (e.g. { aud }
 * to override the audience, { role: 'admin' }); `key` signs it; alg 'none'
 * makes an unsigned token.
 */
export function mintToken(sub, { expiresIn = 600, claims = {}, key = JWT.key, alg = 'HS256' } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = segment({ alg, typ: 'JWT' });
  const payload = segment({
    sub, iss: JWT.issuer, aud: JWT.audience, iat: now - 60, nbf: now - 60, exp: now + expiresIn, ...claims,
  });
  if (alg === 'none') return `${header}.${payload}.`;
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
