/**
 * The rule that a product file's key written as a URL can say a connection holds no certificate
 * (model/isolation/connection-url.ts), read by certificate-authentication's app connections.
 */
import { describe, expect, it } from 'vitest';
import { connectionUrlFlaw, plainTextPortDoubt } from '../../model/isolation/connection-url.js';

describe('connectionUrlFlaw', () => {
  it('names the plain-text schemes, in any case, with the source that says they run without TLS or DTLS', () => {
    const cases: [string, RegExp][] = [
      ['http://api.contoso.example/upload', /"http".*RFC 9110 §4\.2\.1/],
      ['HTTP://API.CONTOSO.EXAMPLE', /"http"/],
      ['ws://api.contoso.example', /RFC 6455 §3/],
      ['coap://sensor.contoso.example', /RFC 7252 §6\.1/],
      ['coap+tcp://sensor.contoso.example', /RFC 8323 §8\.1/],
      ['mqtt://broker.contoso.example:1883', /Paho and Mosquitto/],
      ['telnet://console.contoso.example', /RFC 4248/],
    ];
    for (const [key, why] of cases) expect(connectionUrlFlaw(key)?.reason, key).toMatch(why);
  });
  it('names a password in the userinfo, never repeating it', () => {
    const flaw = connectionUrlFlaw('mqtts://telemetry:s3cret@broker.contoso.example');
    expect(flaw?.reason).toMatch(/carries a password in its userinfo \("telemetry:…@"\).*RFC 3986 §3\.2\.1/);
    expect(flaw?.reason).not.toMatch(/s3cret/);
  });
  it('says nothing of a host, a host with a port, the TLS forms, a user name alone or a scheme it does not know', () => {
    for (const key of ['api.contoso.example', 'api.contoso.example:80', 'tcp:80', 'https://api.contoso.example', 'wss://x.example', 'coaps://x.example', 'mqtts://telemetry@broker.example', 'amqps://bus.example', 'custom://x.example', 'http//typo.example', 'ftp://files.contoso.example']) {
      expect(connectionUrlFlaw(key), key).toBeUndefined();
    }
  });
  it('doubts a port IANA registers for a plain-text service only when no scheme says what runs there', () => {
    expect(plainTextPortDoubt('api.contoso.example:80')).toMatch(/port 80, which IANA registers for http without TLS or DTLS, and no scheme: .*"https:\/\/…:80"/);
    expect(plainTextPortDoubt('broker.contoso.example:1883')).toMatch(/mqtt/);
    for (const key of ['api.contoso.example', 'api.contoso.example:443', 'broker.contoso.example:8883', 'https://api.contoso.example:80', 'tcp:80', '[2001:db8::1]:8883']) expect(plainTextPortDoubt(key), key).toBeUndefined();
  });
});
