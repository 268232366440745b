/**
 * The device's side of the server's authentication on a connection an app opens: whether the app checks the
 * host's certificate (product file apps[].serverVerification). The requirement is that every connection
 * authenticates both sides with certificates; the app connections were judged by what the app presents alone, so
 * an app that presents its device certificate but switches the server check off (CURLOPT_SSL_VERIFYPEER or
 * CURLOPT_SSL_VERIFYHOST 0, or a pinned certificate it never loads) held, although whoever answers for the host is
 * taken for it and receives what the app sends. "none" stated for a host the app reaches is violated at the
 * statement; "certificate", and a host with nothing stated, is the TLS stack's default (libcurl checks the peer's
 * chain and name unless told not to), which decides nothing against the connection.
 */
import type { ServerVerification } from '../../model/product/product.js';
import type { ConnectionJudgement, Location } from './app-connections.js';

export interface StatedVerification {
  key: string;
  value: ServerVerification;
  /** The host the key names (a URL key names its host). */
  host: string;
  /** Where the statement is, in the product file. */
  at: Location;
}

/**
 * One violated judgement for each host the app reaches (`reached`: the AllowedConnections entry that admits it,
 * or undefined) whose server certificate the product file says it does not check; a statement for a host the app
 * does not reach is returned as a warning, since it decides nothing (a misspelt host leaves the real one undecided).
 */
export function unverifiedServers(app: string, stated: readonly StatedVerification[], reached: (host: string) => string | undefined, requirement: ConnectionJudgement['requirement']): { judgements: ConnectionJudgement[]; warnings: string[] } {
  const judgements: ConnectionJudgement[] = [];
  const warnings: string[] = [];
  for (const s of stated) {
    const entry = reached(s.host);
    if (entry === undefined) {
      warnings.push(`${s.at.pointer}: ${app} states whether it checks the certificate of "${s.key}", which is not a host its AllowedConnections admits (a misspelt host leaves the real connection undecided)`);
      continue;
    }
    if (s.value !== 'none') continue;
    judgements.push({
      app,
      host: s.host,
      outcome: 'violated',
      decidedBy: 'product file',
      requirement,
      location: s.at,
      reason: `${app} → ${s.host}: the product file says the app does not check the server's certificate (serverVerification "none"), so whoever answers for ${s.host} is taken for it and receives what the app sends: the connection authenticates one side only, whatever the app presents (a host the manifest's "${entry}" admits)`,
    });
  }
  return { judgements, warnings };
}
