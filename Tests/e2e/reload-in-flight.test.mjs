// The plugin is rebuilt while a client has many requests in flight: every
// request still gets exactly one well-formed answer, the connection stays
// open, parametersChanged arrives, and the new build's parameters are served.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startHost, sleep, testPlugin } from './host.mjs';

const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-reload-in-flight-'));
const pluginPath = path.join(folder, 'libplugin.so');
after(() => rmSync(folder, { recursive: true, force: true }));

const oldIds = ['gain', 'mute', 'shape', 'steps']; // tp_v2
const newIds = ['gain_é', '無音', 'shape'];          // tp_params_non_ascii
const window = 64;

test(`a rebuild while ${window} requests are in flight: one answer each, the connection kept, the new parameters served`, async () => {
    copyFileSync(testPlugin('tp_v2'), pluginPath);
    const host = await startHost([], { plugin: pluginPath });
    const ws = new WebSocket(host.url);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    let closed = null;
    ws.on('close', (code) => { closed = code; });

    const inFlight = new Map(); // JSON of the id -> { method, params, sentAfterNotice }
    const answers = new Map();  // JSON of the id -> count
    const problems = [];
    let sent = 0;
    let noticeAt = null;        // requests sent from here on must see the new build
    let sawNew = false;
    let sending = true;
    let drained = null;
    let rebuiltAt = 0, noticeMs = null;

    // Numbers and strings as ids, since the answer must echo the id's type too.
    const requestFor = (n) => {
        const id = n % 2 ? n : `r${n}`;
        switch (n % 4) {
        case 0: return { id, method: 'getAllParameters' };
        case 1: return { id, method: 'getParameter', params: { id: 'shape' } };
        case 2: return { id, method: 'setParameter', params: { id: 'gain', value: 0.5 } };
        default: return { id, method: 'getParameter', params: { id: 'gain' } };
        }
    };

    const send = () => {
        const request = requestFor(sent++);
        inFlight.set(JSON.stringify(request.id), { ...request, sentAfterNotice: noticeAt !== null });
        ws.send(JSON.stringify({ jsonrpc: '2.0', ...request }));
    };

    const check = (request, m) => {
        const where = `${request.method} ${JSON.stringify(request.id)}: ${JSON.stringify(m).slice(0, 300)}`;
        if (m.jsonrpc !== '2.0' || ('result' in m) === ('error' in m)) return problems.push(`malformed ${where}`);
        if ('error' in m) {
            // Only a parameter the new build no longer has may be missing.
            const gone = m.error.code === -32000 && request.params?.id === 'gain';
            if (!gone) problems.push(`unexpected error ${where}`);
            return;
        }
        if (request.params?.id === 'gain' && request.sentAfterNotice) problems.push(`the old build's parameter after the notice ${where}`);
        switch (request.method) {
        case 'getAllParameters': {
            const ids = m.result.parameters?.map((p) => p.id);
            const isOld = JSON.stringify(ids) === JSON.stringify(oldIds);
            const isNew = JSON.stringify(ids) === JSON.stringify(newIds);
            if (!isOld && !isNew) problems.push(`neither build's list ${where}`);
            if (isNew) sawNew = true;
            if (isOld && (sawNew || request.sentAfterNotice)) problems.push(`the old list after the new one ${where}`);
            break;
        }
        case 'setParameter':
            if (JSON.stringify(m.result) !== '{}') problems.push(`bad result ${where}`);
            break;
        default:
            if (m.result.id !== request.params.id || typeof m.result.value !== 'number') problems.push(`bad result ${where}`);
        }
    };

    ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (!('id' in m)) {
            if (m.method === 'parametersChanged' && noticeAt === null) { noticeAt = sent; noticeMs = Date.now() - rebuiltAt; }
            return;
        }
        const key = JSON.stringify(m.id);
        answers.set(key, (answers.get(key) ?? 0) + 1);
        const request = inFlight.get(key);
        if (!request) return problems.push(`an answer to no request in flight: ${key}`);
        inFlight.delete(key);
        check(request, m);
        if (sending) send();
        else if (inFlight.size === 0 && drained) drained();
    });

    for (let i = 0; i < window; ++i) send();

    // Let traffic run, rebuild like a build tool (write beside, rename over),
    // and keep it running until the notice and the new list have both come.
    await sleep(300);
    const sentBeforeRebuild = sent;
    copyFileSync(testPlugin('tp_params_non_ascii'), pluginPath + '.tmp');
    renameSync(pluginPath + '.tmp', pluginPath);
    rebuiltAt = Date.now();
    const deadline = Date.now() + 5000;
    while ((noticeAt === null || !sawNew) && Date.now() < deadline && closed === null) await sleep(20);
    await sleep(300);
    sending = false;
    if (inFlight.size > 0) {
        await Promise.race([new Promise((resolve) => { drained = resolve; }), sleep(5000)]);
    }
    console.log(`${sent} requests, ${sentBeforeRebuild} of them before the rebuild, ${window} in flight at a time; `
                + `parametersChanged ${noticeMs} ms after the rename`);

    assert.equal(closed, null, 'the connection stayed open');
    assert.deepEqual([...inFlight.keys()].slice(0, 10), [], 'every request was answered');
    const twice = [...answers].filter(([, count]) => count !== 1);
    assert.deepEqual(twice.slice(0, 10), [], 'no request was answered twice');
    assert.equal(answers.size, sent);
    assert.deepEqual(problems.slice(0, 10), []);
    assert.notEqual(noticeAt, null, 'parametersChanged arrived');
    assert.ok(sawNew, 'the new build\'s parameters were served');
    assert.ok(sent - sentBeforeRebuild >= window, 'requests were in flight across the rebuild');

    // Afterwards: the new build's list with its defaults, and its ids settable.
    const reply = (request) => new Promise((resolve) => {
        const onMessage = (data) => {
            const m = JSON.parse(data.toString());
            if (m.id === request.id) { ws.off('message', onMessage); resolve(m); }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ jsonrpc: '2.0', ...request }));
    });
    const list = (await reply({ id: 'after', method: 'getAllParameters' })).result.parameters;
    // Defaults, but for shape, an id both builds have, whose value carried over.
    assert.deepEqual(list.map((p) => [p.id, p.value]), [['gain_é', 1], ['無音', 0], ['shape', 1]]);
    assert.deepEqual((await reply({ id: 'set', method: 'setParameter', params: { id: 'gain_é', value: 0.5 } })).result, {});
    assert.equal((await reply({ id: 'gone', method: 'getParameter', params: { id: 'steps' } })).error?.code, -32000);

    ws.close();
    assert.equal(await host.stop(), 0);
});
