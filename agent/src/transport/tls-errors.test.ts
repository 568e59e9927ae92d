import { describe, expect, it } from 'vitest';
import { certificateProblem } from './tls-errors.js';

describe('certificateProblem', () => {
  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', /not signed by a trusted CA.*--ca FILE/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /not signed by a trusted CA/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /another host name/],
    ['CERT_HAS_EXPIRED', /expired/],
    ['CERT_NOT_YET_VALID', /clock/],
  ])('%s', (code, expected) => expect(certificateProblem(code)).toMatch(expected));

  it.each([['ECONNREFUSED'], ['ETIMEDOUT'], [undefined]])(
    '%s is not a certificate problem',
    (code) => expect(certificateProblem(code)).toBeUndefined(),
  );
});
