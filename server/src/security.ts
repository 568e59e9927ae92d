import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** A random secret: 32 bytes, base64url (credentials, session and enrollment tokens). */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** For high-entropy secrets only (credentials, tokens): a plain hash is enough there. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const SCRYPT_KEYLEN = 32;
const SCRYPT_N = 16384;

function scryptAsync(password: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT_KEYLEN, { N: n, r: 8, p: 1 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N$salt$hash` (base64url parts), so the cost can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT_N);
  return `scrypt$${SCRYPT_N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Constant-time comparison of two short strings (CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
