// Verifies the Chat sample's login tokens with node:crypto alone: compact JWS, HS256 over the UTF-8 bytes of the
// shared signing key (CHAT_JWT_KEY, or the Chat sample's built-in development key), so a token that a .NET Chat node
// issued at POST /api/login is accepted by the Node.js node of the cluster too.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Clock skew tolerated on exp/nbf, in seconds: the .NET nodes' (Microsoft.IdentityModel's default, 5 min). */
export const CLOCK_SKEW_S = 300;

function decodeSegment(segment) {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

/**
 * { name, exp } of the token (its `name` claim, else `sub`; exp in seconds since the epoch), or null when the token
 * is missing, malformed, not HS256, wrongly signed, expired or not yet valid. `issuer`/`audience`, when given, must
 * match its iss/aud. A "Bearer " prefix is allowed, as the .NET nodes allow it.
 */
export function verifyChatToken(token, key, { issuer, audience, now = Date.now() } = {}) {
  if (typeof token !== 'string') return null;
  const parts = token.trim().replace(/^bearer /i, '').trimStart().split('.');
  if (parts.length !== 3) return null;
  let header;
  let claims;
  try {
    header = decodeSegment(parts[0]);
    claims = decodeSegment(parts[1]);
  } catch {
    return null;
  }
  // Only HS256: accepting the header's own choice (e.g. "none") is the classic JWT forgery.
  if (!header || header.alg !== 'HS256' || !claims || typeof claims !== 'object') return null;
  const expected = createHmac('sha256', Buffer.from(key, 'utf8')).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = Buffer.from(parts[2], 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  const nowS = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S <= nowS) return null;
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > nowS) return null;
  if (issuer !== undefined && claims.iss !== issuer) return null;
  if (audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(audience)) return null;
  }
  const name = typeof claims.name === 'string' ? claims.name : claims.sub;
  return typeof name === 'string' && name.length > 0 ? { name, exp: claims.exp } : null;
}
