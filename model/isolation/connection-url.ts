/**
 * What a product file's authentication key says about a connection beyond its host, when the maker writes it as
 * a URL (apps[i].authentication["http://api.contoso.example/upload"]). The key is judged as the host it names
 * (formats/manifest/host-names.ts hostNamedBy), and the method stated for it decided the connection; but the URL
 * says more, and two things it says rule a certificate out whatever method is stated:
 *
 *  - a scheme that runs without TLS or DTLS ("http", "ws", "coap", "mqtt"…): a client certificate, the device's
 *    or the app's own, is presented in a TLS or DTLS handshake (azure-sphere-facts §4: DeviceAuth_CurlSslFunc /
 *    DeviceAuth_SslCtxFunc set up mutual TLS), and a plain-text connection holds none, so "device-certificate"
 *    stated for "http://…" authenticates nothing (it held);
 *  - a password in the userinfo ("mqtts://telemetry:s3cret@broker.example"): the app sends it to the host,
 *    whatever certificate it presents beside it (it held).
 *
 * A key with no scheme and a port IANA registers for a plain-text service ("api.contoso.example:80") says less: TLS
 * may run on any port, so it leaves the connection undecided (plainTextPortDoubt), never holds.
 *
 * A scheme this list does not know (or "https", "wss", "coaps", "mqtts") says nothing either way: the method
 * stated decides, as for a bare host. "ftp" is left out on purpose: an ftp URL may run TLS after AUTH TLS (RFC 4217,
 * explicit FTPS, which libcurl does for ftp:// with CURLOPT_USE_SSL), so the scheme alone does not rule a certificate out. Read by certificate-authentication (properties/certificate-authentication/
 * app-connections.ts), before the method stated for the key.
 */

/** Schemes whose connections run without TLS or DTLS, each with where that is said. */
const PLAIN_TEXT_SCHEMES: Readonly<Record<string, string>> = {
  http: 'RFC 9110 §4.2.1: "http" is HTTP over TCP without TLS, "https" (§4.2.2) its TLS form',
  ws: 'RFC 6455 §3: "ws" is a WebSocket without TLS, "wss" its TLS form',
  coap: 'RFC 7252 §6.1: "coap" is CoAP over UDP without DTLS, "coaps" (§6.2) its DTLS form',
  'coap+tcp': 'RFC 8323 §8.1: "coap+tcp" is CoAP over TCP without TLS, "coaps+tcp" (§8.2) its TLS form',
  'coap+ws': 'RFC 8323 §8.3: "coap+ws" is CoAP over a WebSocket without TLS, "coaps+ws" (§8.4) its TLS form',
  mqtt: 'the Eclipse Paho and Mosquitto clients read "mqtt" as MQTT over plain TCP (port 1883) and "mqtts" as MQTT over TLS (port 8883); MQTT itself registers no URI scheme',
  telnet: 'RFC 4248: "telnet" is a Telnet session, without TLS',
};

/**
 * Ports whose IANA service runs without TLS or DTLS (the Service Name and Transport Protocol Port Number Registry:
 * 80 http, 1883 mqtt, 5683 coap, 23 telnet; their TLS forms have ports of their own: 443, 8883, 5684, 992). A key
 * that names one without a scheme ("api.contoso.example:80") most likely names a plain-text connection, but a
 * server may run TLS on any port, so the port alone decides nothing: undecided, never holds.
 */
const PLAIN_TEXT_PORTS: Readonly<Record<number, string>> = { 80: 'http', 1883: 'mqtt', 5683: 'coap', 23: 'telnet' };

/**
 * Why a scheme-less key with a port leaves the connection undecided whatever certificate method it states, or
 * undefined: the port is one IANA registers for a plain-text service.
 */
export function plainTextPortDoubt(key: string): string | undefined {
  // A scheme says what runs there (connectionUrlFlaw); "tcp:N" / "udp:N" is a port the app listens on, not a host.
  if (key.includes('://') || /^(tcp|udp):\d+$/i.test(key)) return undefined;
  let url: URL;
  try {
    url = new URL(`x://${key}`);
  } catch {
    return undefined;
  }
  const service = url.port === '' ? undefined : PLAIN_TEXT_PORTS[Number(url.port)];
  return service ? `the key names port ${url.port}, which IANA registers for ${service} without TLS or DTLS, and no scheme: whether the connection there runs TLS (and so carries a certificate) is not stated; write the key with its scheme ("${service === 'http' ? 'https' : service === 'mqtt' ? 'mqtts' : service === 'coap' ? 'coaps' : 'telnets'}://…:${url.port}" if it does, "${service}://…" if it does not)` : undefined;
}

export interface ConnectionUrlFlaw {
  /** Why no certificate authenticates the connection the key names, with the source. */
  reason: string;
}

/**
 * Why the connection a product file's key names cannot be authenticated by a certificate, read from the key
 * itself, or undefined for a key that is not a URL with a scheme, or whose scheme and userinfo say nothing
 * against one.
 */
export function connectionUrlFlaw(key: string): ConnectionUrlFlaw | undefined {
  if (!key.includes('://')) return undefined;
  let url: URL;
  try {
    url = new URL(key);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const plain = PLAIN_TEXT_SCHEMES[scheme];
  if (plain) return { reason: `the key names the scheme "${scheme}", which runs without TLS or DTLS (${plain}): no certificate is presented on it, the device's or the app's own, since a client certificate is presented in a TLS or DTLS handshake (azure-sphere-facts §4: DeviceAuth_CurlSslFunc sets up mutual TLS)` };
  if (url.password) return { reason: `the key carries a password in its userinfo ("${decodeURIComponent(url.username)}:…@"), which the app sends to the host whatever certificate it presents beside it (RFC 3986 §3.2.1: "user:password" in userinfo is deprecated, passing authentication information in clear text)` };
  return undefined;
}
