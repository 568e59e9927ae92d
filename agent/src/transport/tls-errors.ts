/**
 * What a TLS failure means for the person at the workstation, from Node's error code;
 * undefined when the error is not about the server's certificate.
 */
export function certificateProblem(code: string | undefined): string | undefined {
  switch (code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_UNTRUSTED':
    case 'CERT_SIGNATURE_FAILURE':
      return (
        "the server's certificate is not signed by a trusted CA: pin the server's CA " +
        '(enroll --ca FILE, or "serverCaFile" in the agent config)'
      );
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return "the server's certificate is for another host name than the server URL";
    case 'CERT_HAS_EXPIRED':
      return "the server's certificate has expired";
    case 'CERT_NOT_YET_VALID':
      return "the server's certificate is not valid yet (check this computer's clock)";
    case 'CERT_REVOKED':
      return "the server's certificate is revoked";
    case undefined:
    default:
      return undefined;
  }
}
