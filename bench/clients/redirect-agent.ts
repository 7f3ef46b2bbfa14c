// Points a peer library at the sandbox without changing its URLs: the library keeps X's host names
// (api.x.com, upload.twitter.com) and this agent opens every socket to the sandbox on loopback instead,
// trusting the sandbox's CA. The sandbox's certificate names X's hosts, so TLS verification stays on.
import { Agent, type AgentOptions } from 'node:https';
import { connect, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';

export function redirectAgent(target: URL, ca: string): Agent {
  const port = Number(target.port || 443);
  const host = target.hostname;
  const options: AgentOptions = { ca, keepAlive: true };
  const agent = new Agent(options);
  // Overriding createConnection is the documented way to supply a custom socket to an Agent.
  agent.createConnection = (connection: ConnectionOptions): Duplex => {
    const servername = connection.servername || (typeof connection.host === 'string' ? connection.host : undefined);
    return connect({ ...connection, host, port, ca, ...(servername && { servername }) });
  };
  return agent;
}
