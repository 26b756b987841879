// wavecraft-host's WebSocket server driven through real sockets by the ws package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { startHost, connect, sleep, handshakeStatus, hostBinary, testPlugin } from './host.mjs';

let host;
before(async () => { host = await startHost(['--allow-origin', 'http://my-dev-box:8080']); });
after(async () => { assert.equal(await host.stop(), 0, 'the host exits 0 on SIGTERM'); });

test('ping answers with the same id, as number and as string', async () => {
    const client = await connect(host.url);
    const numeric = await client.request('ping', undefined, 7);
    assert.deepEqual(numeric, { jsonrpc: '2.0', id: 7, result: { pong: true } });
    const named = await client.request('ping', undefined, 'seven');
    assert.deepEqual(named, { jsonrpc: '2.0', id: 'seven', result: { pong: true } });
    client.close();
});

test('getAllParameters lists the plugin parameters in order with their current values', async () => {
    const client = await connect(host.url);
    const { result } = await client.request('getAllParameters');
    assert.deepEqual(result.parameters.map((p) => p.id), ['gain', 'mute', 'shape', 'steps']);
    const [gain, mute, shape] = result.parameters;
    assert.equal(gain.type, 'float');
    assert.equal(gain.min, 0);
    assert.equal(gain.max, 2);
    assert.equal(gain.unit, 'x');
    assert.equal(gain.group, 'Main');
    assert.equal(mute.type, 'bool');
    assert.equal(mute.unit, undefined);
    assert.deepEqual(shape.variants, ['Clean', 'Soft', 'Hard']);
    client.close();
});

test('a parameter set by one client reaches the other as parameterChanged, not the sender', async () => {
    const a = await connect(host.url);
    const b = await connect(host.url);
    const response = await a.request('setParameter', { id: 'gain', value: 0.5 });
    assert.deepEqual(response.result, {});
    await sleep(200);

    const changes = (client) => client.notifications.filter((n) => n.method === 'parameterChanged');
    assert.deepEqual(changes(b).map((n) => n.params), [{ id: 'gain', value: 0.5 }]);
    assert.equal(changes(b)[0].jsonrpc, '2.0');
    assert.ok(!('id' in changes(b)[0]), 'a notification has no id key');
    assert.equal(changes(a).length, 0);

    const read = await b.request('getParameter', { id: 'gain' });
    assert.deepEqual(read.result, { id: 'gain', value: 0.5 });
    a.close();
    b.close();
});

test('the meters follow the plugin output at 60 per second', async () => {
    const client = await connect(host.url);
    await client.request('setParameter', { id: 'gain', value: 0.5 });
    await sleep(300);
    const start = client.notifications.length;
    await sleep(2000);
    const meters = client.notifications.slice(start).filter((n) => n.method === 'meterUpdate');
    assert.ok(meters.length >= 110, `${meters.length} meterUpdate in 2 s, want >= 110`);

    const last = meters.at(-1).params;
    assert.deepEqual(Object.keys(last).sort(), ['left_peak', 'left_rms', 'right_peak', 'right_rms', 'timestamp_us']);
    // The loudest of the last ten: a block the isolated plugin answered late
    // on a busy machine goes out silent, and a tick may hold only such blocks.
    const loudest = (key) => Math.max(...meters.slice(-10).map((n) => n.params[key]));
    assert.ok(Math.abs(loudest('left_peak') - 0.25) < 0.01, `left_peak ${loudest('left_peak')}: the -6 dBFS sine at gain 0.5`);
    assert.ok(Math.abs(loudest('right_rms') - 0.25 / Math.SQRT2) < 0.01);

    const frame = (await client.request('getMeterFrame')).result.frame;
    assert.ok(Math.abs(frame.peak_l - 0.25) < 0.01);
    assert.equal(typeof frame.timestamp, 'number');
    client.close();
});

test('the oscilloscope frame and the audio status', async () => {
    const client = await connect(host.url);
    const { frame } = (await client.request('getOscilloscopeFrame')).result;
    assert.equal(frame.points_l.length, 1024);
    assert.equal(frame.points_r.length, 1024);
    assert.equal(frame.sample_rate, 48000);
    assert.equal(frame.trigger_mode, 'risingZeroCrossing');
    assert.equal(frame.no_signal, false);

    const { status } = (await client.request('getAudioStatus')).result;
    assert.equal(status.phase, 'runningFullDuplex');
    assert.equal(status.sample_rate, 48000);
    assert.equal(status.buffer_size, 256);
    assert.equal(typeof status.updated_at_ms, 'number');

    assert.deepEqual((await client.request('requestResize', { width: 800, height: 600 })).result, { accepted: false });
    assert.deepEqual((await client.request('registerAudio', { client_id: 'page', sample_rate: 48000, buffer_size: 128 })).result,
                     { status: 'registered' });
    client.close();
});

test('every error code, and the connection stays open', async () => {
    const client = await connect(host.url);
    const code = (m) => m.error?.code;

    const parse = await client.sendRaw('{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.equal(code(parse), -32700);
    assert.equal(parse.id, null);
    assert.equal(code(await client.sendRaw('{"id": 2, "method": "ping"}')), -32600);
    assert.equal(code(await client.sendRaw('{"jsonrpc": "1.0", "id": 3, "method": "ping"}')), -32600);
    assert.equal(code(await client.request('nope')), -32601);
    assert.equal(code(await client.request('getParameter', {})), -32602);
    assert.equal(code(await client.request('setParameter', { id: 'gain', value: 'loud' })), -32602);
    assert.equal(code(await client.request('getParameter', { id: 'volume' })), -32000);
    const range = await client.request('setParameter', { id: 'gain', value: 3 });
    assert.equal(code(range), -32001);
    assert.match(range.error.message, /from 0 to 2/);
    assert.equal(code(await client.request('setParameter', { id: 'shape', value: 1.5 })), -32001);

    // A bad request changed nothing.
    assert.equal((await client.request('getParameter', { id: 'gain' })).result.value, 0.5);

    // A notification is carried out without an answer; a batch gets an array.
    client.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'setParameter', params: { id: 'steps', value: 3 } }));
    const batch = await client.sendRaw(JSON.stringify([
        { jsonrpc: '2.0', id: 10, method: 'getParameter', params: { id: 'steps' } },
        { jsonrpc: '2.0', method: 'ping' },
        { jsonrpc: '2.0', id: 11, method: 'nope' },
    ]));
    assert.ok(Array.isArray(batch));
    assert.equal(batch.length, 2);
    assert.deepEqual(batch[0].result, { id: 'steps', value: 3 });
    assert.equal(batch[1].error.code, -32601);

    assert.deepEqual((await client.request('ping')).result, { pong: true });
    client.close();
});

test('the Origin policy: loopback and allowed origins in, others 403, no Origin accepted', async () => {
    assert.equal(await handshakeStatus(host.url, {}), 101);
    assert.equal(await handshakeStatus(host.url, { Origin: 'http://localhost:5173' }), 101);
    assert.equal(await handshakeStatus(host.url, { Origin: 'https://127.0.0.1' }), 101);
    assert.equal(await handshakeStatus(host.url, { Origin: 'http://[::1]:3000' }), 101);
    assert.equal(await handshakeStatus(host.url, { Origin: 'http://my-dev-box:8080' }), 101);
    assert.equal(await handshakeStatus(host.url, { Origin: 'http://evil.example' }), 403);
    assert.equal(await handshakeStatus(host.url, { Origin: 'http://localhost.evil.example' }), 403);
    assert.equal(await handshakeStatus(host.url, { Origin: 'http://evil.example' }), 403);

    // A browser shows nothing of a refused handshake: the developer reads it in the log, once an origin.
    const refusals = host.stderr().split('\n').filter((line) => line.includes('refused a WebSocket connection'));
    assert.deepEqual(refusals, [
        'wavecraft-host: refused a WebSocket connection: origin http://evil.example is not allowed; start the host with --allow-origin http://evil.example to accept it',
        'wavecraft-host: refused a WebSocket connection: origin http://localhost.evil.example is not allowed; start the host with --allow-origin http://localhost.evil.example to accept it',
    ]);
});

test('plain HTTP on the same port: the control page at /, 404 elsewhere, 405 for other methods, and no client is closed', async () => {
    const client = await connect(host.url);
    const base = host.url.replace('ws://', 'http://');

    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy'), /connect-src 'self' ws:\/\/127\.0\.0\.1:\*/);
    const html = await page.text();
    assert.match(html, /<title>wavecraft-host<\/title>/);
    assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//, 'no external assets');

    const missing = await fetch(`${base}/favicon.ico`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /nothing at \/favicon\.ico: the control page is at \//);

    const posted = await fetch(`${base}/`, { method: 'POST', body: '{}' });
    assert.equal(posted.status, 405);
    assert.equal(posted.headers.get('allow'), 'GET, HEAD');

    assert.deepEqual((await client.request('ping')).result, { pong: true }, 'the open client is still served');
    client.close();
});

test('protocol violations close with the right code', async () => {
    const closeCode = async (send) => {
        const ws = new WebSocket(host.url);
        await once(ws, 'open');
        send(ws);
        const [code] = await once(ws, 'close');
        return code;
    };

    assert.equal(await closeCode((ws) => ws.send(Buffer.from([1, 2, 3]), { binary: true })), 1003);
    assert.equal(await closeCode((ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })), 1007);
    assert.equal(await closeCode((ws) => ws.send('x'.repeat((1 << 20) + 1))), 1009);

    // ... and the server still serves.
    const client = await connect(host.url);
    assert.deepEqual((await client.request('ping')).result, { pong: true });
    client.close();
});

test('--max-clients 64: 64 clients at once, and the 65th is refused cleanly', async () => {
    const limited = await startHost(['--max-clients', '64']);
    try {
        const clients = await Promise.all(Array.from({ length: 64 }, () => connect(limited.url)));
        const answers = await Promise.all(clients.map((client) => client.request('ping')));
        assert.ok(answers.every((a) => a.result.pong === true));
        assert.equal(await handshakeStatus(limited.url), 503);
        clients.forEach((client) => client.close());
        await sleep(500);
        assert.equal(await handshakeStatus(limited.url), 101);
    } finally {
        assert.equal(await limited.stop(), 0);
    }
});

// A client that stops reading: stalled-client.test.mjs.

test('a taken port exits with code 3 and says which', async () => {
    const port = new URL(host.url).port;
    const child = spawn(hostBinary, ['--headless', '--port', port, '--device-type', 'Virtual', '--plugin', testPlugin('tp_v2')]);
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c; });
    const [code] = await once(child, 'exit');
    assert.equal(code, 3);
    assert.match(stderr, new RegExp(`port ${port} on 127.0.0.1 is taken`));
    assert.match(stderr, /is taken; perhaps by another wavecraft-host: pick another with --port N, or --port 0 for any free port$/m);
});
