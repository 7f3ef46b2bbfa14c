// A local certificate authority and a server certificate for TLS mode, made fresh per start.
// The server certificate also names X's hosts, so a peer client (tweepy, twitter-api-v2) can keep
// its own host names and be redirected at the socket level only; nothing trusts this CA unless
// a caller passes it explicitly (REQUESTS_CA_BUNDLE, an agent's `ca`).
import { generate } from 'selfsigned';

export const SANDBOX_HOST_NAMES = ['localhost', 'api.x.com', 'upload.x.com', 'api.twitter.com', 'upload.twitter.com'];

export interface SandboxCertificates {
  caPem: string;
  key: string;
  cert: string;
}

export async function makeCertificates(): Promise<SandboxCertificates> {
  const validFrom = new Date(Date.now() - 60 * 60 * 1000);
  const validTo = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'Xfer sandbox local CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: validFrom,
    notAfterDate: validTo,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: validFrom,
    notAfterDate: validTo,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...SANDBOX_HOST_NAMES.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, key: server.private, cert: server.cert };
}
