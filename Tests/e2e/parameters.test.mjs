// Parameter lists at the edges a real plugin reaches: the most parameters the
// host takes (WAVECRAFT_MAX_PARAMETERS, 4096) and one more, and ids, names,
// units and variants outside ASCII, through the real host and a real client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost, connect, sleep, testPlugin } from './host.mjs';

const maxParameters = 4096;

async function waitFor (predicate, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const found = predicate();
        if (found) return found;
        await sleep(20);
    }
    assert.fail(`timed out waiting for ${what}`);
}

test(`${maxParameters} parameters: all listed in order, the last one settable; size and time of getAllParameters`, async () => {
    const host = await startHost([], { plugin: testPlugin('tp_params_4096') });
    try {
        const client = await connect(host.url);
        const { status } = (await client.request('getAudioStatus')).result;
        assert.equal(status.phase, 'runningFullDuplex', `status ${JSON.stringify(status)}`);

        // The size and time of the answer a page asks for first, as the client sees them.
        const times = [];
        let bytes = 0;
        let parameters;
        for (let round = 0; round < 5; ++round) {
            const before = client.raw.length;
            const start = performance.now();
            const answer = await client.request('getAllParameters');
            times.push(performance.now() - start);
            bytes = Buffer.byteLength(client.raw.slice(before).find((text) => text.includes('"parameters"')));
            parameters = answer.result.parameters;
        }
        times.sort((a, b) => a - b);
        console.log(`getAllParameters with ${maxParameters} parameters: ${bytes} bytes, `
                    + `median ${times[2].toFixed(2)} ms, min ${times[0].toFixed(2)} ms, max ${times[4].toFixed(2)} ms over 5`);

        assert.equal(parameters.length, maxParameters);
        parameters.forEach((p, i) => {
            if (p.id !== `p${i}` || p.name !== `Param ${i}` || p.group !== `Bank ${Math.floor(i / 64)}`
                || p.value !== i / maxParameters || p.default !== i / maxParameters || p.type !== 'float')
                assert.fail(`parameter ${i} is ${JSON.stringify(p)}`);
        });
        // About 150 bytes a parameter; far more would mean something is repeated.
        assert.ok(bytes < maxParameters * 300, `${bytes} bytes for ${maxParameters} parameters`);

        const last = `p${maxParameters - 1}`;
        assert.deepEqual((await client.request('setParameter', { id: last, value: 0.25 })).result, {});
        assert.deepEqual((await client.request('getParameter', { id: last })).result, { id: last, value: 0.25 });
        const after = (await client.request('getAllParameters')).result.parameters;
        assert.equal(after[maxParameters - 1].value, 0.25);
        assert.equal(after[maxParameters - 2].value, (maxParameters - 2) / maxParameters, 'only the last one changed');
        client.close();
    } finally {
        assert.equal(await host.stop(), 0);
    }
});

test(`${maxParameters + 1} parameters: status failed, and the diagnostic names the limit`, async () => {
    const host = await startHost([], { plugin: testPlugin('tp_params_4097') });
    try {
        const client = await connect(host.url);
        const { status } = (await client.request('getAudioStatus')).result;
        assert.equal(status.phase, 'failed');
        assert.equal(status.diagnostic.code, 'loaderUnavailable');
        assert.match(status.diagnostic.message, /wavecraft_get_params_json in tp_params_4097\.so/);
        assert.match(status.diagnostic.message, /declares 4097 parameters; at most 4096 are supported/);
        assert.deepEqual((await client.request('getAllParameters')).result.parameters, []);
        assert.equal((await client.request('getParameter', { id: 'p0' })).error?.code, -32000);
        client.close();
        assert.match(host.stderr(), /declares 4097 parameters; at most 4096 are supported/);
    } finally {
        assert.equal(await host.stop(), 0, 'a plugin the host refuses does not end it');
    }
});

test('non-ASCII ids, names, units and variants come back intact, and a non-ASCII id can be set', async () => {
    const host = await startHost(['--input-source', 'sine:1000'], { plugin: testPlugin('tp_params_non_ascii') });
    try {
        const a = await connect(host.url);
        const b = await connect(host.url);
        const { parameters } = (await a.request('getAllParameters')).result;
        assert.deepEqual(parameters.map((p) => p.id), ['gain_é', '無音', 'shape']);
        assert.deepEqual(parameters.map((p) => p.name), ['Grüße', 'Stille 無音', 'Form 🎛']);
        assert.equal(parameters[0].unit, 'µs');
        assert.equal(parameters[0].group, 'Ämter');
        assert.deepEqual(parameters[2].variants, ['Düse', 'Ω', '🎛 knob']);

        assert.deepEqual((await a.request('setParameter', { id: 'gain_é', value: 0.5 })).result, {});
        assert.deepEqual((await a.request('setParameter', { id: 'shape', value: 1 })).result, {});
        assert.deepEqual((await a.request('getParameter', { id: 'gain_é' })).result, { id: 'gain_é', value: 0.5 });
        assert.equal((await a.request('getParameter', { id: 'gain_e' })).error?.code, -32000, 'é is not e');

        const changes = await waitFor(() => {
            const found = b.notifications.filter((n) => n.method === 'parameterChanged');
            return found.length >= 2 && found;
        }, 'parameterChanged on the other client');
        assert.deepEqual(changes.map((n) => n.params), [{ id: 'gain_é', value: 0.5 }, { id: 'shape', value: 1 }]);

        // The values reached the plugin: the -6 dBFS sine at gain 0.5, halved again by "Ω".
        // Asked until it comes: a block the isolated plugin answered late on a
        // busy machine goes out silent.
        let frame = null;
        for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(20)) {
            frame = (await a.request('getMeterFrame')).result.frame;
            if (frame !== null && Math.abs(frame.peak_l - 0.125) < 0.01) break;
        }
        assert.ok(frame !== null && Math.abs(frame.peak_l - 0.125) < 0.01, `peak_l ${frame?.peak_l}, want 0.125`);

        assert.deepEqual((await b.request('setParameter', { id: '無音', value: 1 })).result, {});
        const muted = await waitFor(() => a.notifications.find((n) => n.method === 'parameterChanged'), 'parameterChanged for 無音');
        assert.deepEqual(muted.params, { id: '無音', value: 1 });
        a.close();
        b.close();
    } finally {
        assert.equal(await host.stop(), 0);
    }
});
