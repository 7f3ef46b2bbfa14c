// An https.Agent that sends every connection to the sandbox on 127.0.0.1, keeping the client's
// own host name (SNI, Host header, signature base string) and trusting only the sandbox CA.
// This redirects host and port only: the peer client's protocol handling is untouched.
import { Agent } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions } from 'node:tls';

export function redirectAgent(port: number, caPem: string): Agent {
  const agent = new Agent({ keepAlive: true, ca: caPem });
  agent.createConnection = (options: unknown): Duplex => {
    const original = options as ConnectionOptions & { host?: string };
    return connect({
      ...original,
      host: '127.0.0.1',
      port,
      servername: original.servername ?? original.host,
      ca: caPem,
    });
  };
  return agent;
}
