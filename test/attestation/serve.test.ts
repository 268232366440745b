import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { decodeMessage, encodeMessage } from '../../formats/attestation/messages.js';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, startAttestationServer } from '../../emulator/attestation/server.js';
import { registerServeCommand } from '../../cli/commands/serve-command.js';
import { captureIo } from '../helpers.js';
import { fixture } from './helpers.js';

/** Opens a raw connection, sends a partial request, and resolves with the seconds until the server closes it. */
function secondsUntilClosed(port: number, partial: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(partial));
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => resolve((performance.now() - started) / 1000));
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the stalled connection open for 15 s'));
    }, 15_000).unref();
  });
}

const post = (url: string, body?: Uint8Array) => fetch(url, { method: 'POST', ...(body ? { body, headers: { 'content-type': 'application/cbor' } } : {}) });

describe('sevenfold serve (loopback)', () => {
  it('serves the protocol: an honest transcript, a replay refused, junk refused, certificates published', async () => {
    const server = await startAttestationServer({ design: builtinProtocol() });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const info = (await (await fetch(`${server.url}/`)).json()) as { protocol: string };
      expect(info.protocol).toBe(builtinProtocol().name);
      const devices = (await (await fetch(`${server.url}/devices`)).json()) as { name: string; deviceId: string }[];
      expect(devices.map((d) => d.name)).toEqual(['d1', 'd2']);
      const att = (await (await post(`${server.url}/devices/d1/attest`)).json()) as { ok: boolean; transcript: string[] };
      expect(att.ok).toBe(true);
      expect(att.transcript).toHaveLength(4);
      const replay = await post(`${server.url}/attestation`, Buffer.from(att.transcript[2]!, 'hex'));
      expect(replay.status).toBe(400);
      const answer = decodeMessage(new Uint8Array(await replay.arrayBuffer()));
      expect(answer.ok && answer.value.type).toBe('error');
      expect((await post(`${server.url}/cloud`, new TextEncoder().encode('not cbor'))).status).toBe(400);
      const hello = await post(`${server.url}/attestation`, encodeMessage({ type: 'hello', deviceId: Buffer.from(devices[0]!.deviceId, 'hex') }));
      expect(hello.status).toBe(200);
      expect((await (await fetch(`${server.url}/pki/root.pem`)).text())).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect((await post(`${server.url}/devices/d1/connect`)).status).toBe(200);
      expect((await post(`${server.url}/nowhere`)).status).toBe(404);
      expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('serves a flawed design, where the captured quote can be replayed', async () => {
    const server = await startAttestationServer({ design: fixture('no-nonce') });
    try {
      const devices = (await (await fetch(`${server.url}/devices`)).json()) as { deviceId: string }[];
      const att = (await (await post(`${server.url}/devices/d1/attest`)).json()) as { transcript: string[] };
      const hello = await post(`${server.url}/attestation`, encodeMessage({ type: 'hello', deviceId: Buffer.from(devices[0]!.deviceId, 'hex') }));
      const challenge = decodeMessage(new Uint8Array(await hello.arrayBuffer()));
      if (!challenge.ok || challenge.value.type !== 'challenge') throw new Error('no challenge');
      const old = decodeMessage(Buffer.from(att.transcript[2]!, 'hex'));
      if (!old.ok || old.value.type !== 'quote') throw new Error('no quote');
      const replayed = await post(`${server.url}/attestation`, encodeMessage({ ...old.value, session: challenge.value.session }));
      expect(replayed.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers 404 for a path it does not have and 405 (with Allow) for a known path asked with the wrong method', async () => {
    const server = await startAttestationServer({ design: builtinProtocol() });
    try {
      for (const path of ['/nowhere', '/devices/d9/attest', '/pki/secret.pem', '/attestation/x']) {
        expect((await fetch(`${server.url}${path}`)).status, `GET ${path}`).toBe(404);
        expect((await post(`${server.url}${path}`)).status, `POST ${path}`).toBe(404);
      }
      const wrong = await fetch(`${server.url}/attestation`);
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('POST');
      const wrongPost = await post(`${server.url}/devices`);
      expect(wrongPost.status).toBe(405);
      expect(wrongPost.headers.get('allow')).toBe('GET');
    } finally {
      await server.close();
    }
  });

  it.each([
    ['a body shorter than its Content-Length', 'POST /attestation HTTP/1.1\r\nHost: x\r\nContent-Type: application/cbor\r\nContent-Length: 100\r\n\r\nabc'],
    ['headers that never end', 'GET / HTTP/1.1\r\nHost: x\r\n'],
  ])('closes a connection that sends %s within the time limit', async (_what, partial) => {
    const server = await startAttestationServer({ design: builtinProtocol(), headersTimeoutMs: 1000, requestTimeoutMs: 1000 });
    try {
      expect(await secondsUntilClosed(server.port, partial)).toBeLessThan(3);
    } finally {
      await server.close();
    }
  });

  it('by default lets a stalled request hold its connection for a few seconds at most (was: more than 40 s)', async () => {
    expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(5000);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(5000);
    const server = await startAttestationServer({ design: builtinProtocol() });
    try {
      expect(await secondsUntilClosed(server.port, 'POST /cloud HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n12345')).toBeLessThan(8);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('listens on loopback only', async () => {
    await expect(startAttestationServer({ design: builtinProtocol(), host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('the command prints the address and stops by itself', async () => {
    const io = captureIo();
    const program = new Command('sevenfold').exitOverride();
    let code = -1;
    registerServeCommand(program, io, (c) => (code = c));
    const run = program.parseAsync(['serve', '--port', '0', '--exit-after', '4000'], { from: 'user' });
    while (!/listening on/.test(io.stdout())) await new Promise((r) => setTimeout(r, 25));
    const url = /listening on (\S+)/.exec(io.stdout())![1]!;
    expect((await fetch(`${url}/`)).status).toBe(200);
    await run;
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/stopped after 1 request/);
  });

  it('the command refuses a broken protocol file with exit 2', async () => {
    const io = captureIo();
    const program = new Command('sevenfold').exitOverride();
    let code = -1;
    registerServeCommand(program, io, (c) => (code = c));
    await program.parseAsync(['serve', '--protocol', 'no/such/protocol.json'], { from: 'user' });
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(/file not found/);
  });
});
