// The plugin is rebuilt under a running host: the page keeps its connection,
// hears parametersChanged, and follows the status through a broken build and
// back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, connect, sleep, testPlugin } from './host.mjs';

const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-reload-'));
const pluginPath = path.join(folder, 'libplugin.so');
let host;

/** Like a build tool: write the new library beside it, then rename it over. */
function rebuild (from) {
    copyFileSync(testPlugin(from), pluginPath + '.tmp');
    renameSync(pluginPath + '.tmp', pluginPath);
}

async function waitFor (predicate, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const found = predicate();
        if (found) return found;
        await sleep(50);
    }
    assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
    copyFileSync(testPlugin('tp_v2'), pluginPath);
    host = await startHost([], { plugin: pluginPath });
});

after(async () => {
    await host.stop();
    rmSync(folder, { recursive: true, force: true });
});

test('a rebuild keeps the connection and announces parametersChanged; a broken build shows as failed, a fix recovers', async () => {
    const client = await connect(host.url);
    await client.request('setParameter', { id: 'gain', value: 0.25 });
    const notices = (method) => client.notifications.filter((n) => n.method === method);

    await sleep(600);
    rebuild('tp_v1');
    await waitFor(() => notices('parametersChanged').length >= 1, 'parametersChanged after the rebuild');
    assert.deepEqual(notices('parametersChanged')[0].params, {});
    // Same ids in the new build: the value the page set survived the reload.
    assert.equal((await client.request('getParameter', { id: 'gain' })).result.value, 0.25);

    await sleep(600);
    rebuild('tp_params_null');
    const failed = await waitFor(() => notices('audioStatusChanged').find((n) => n.params.phase === 'failed'), 'status failed');
    assert.equal(failed.params.diagnostic.code, 'loaderUnavailable');
    assert.match(failed.params.diagnostic.message, /wavecraft_get_params_json/);
    assert.deepEqual((await client.request('getAllParameters')).result.parameters, []);

    await sleep(600);
    rebuild('tp_v2');
    await waitFor(() => notices('audioStatusChanged').find((n) => n.params.phase === 'runningFullDuplex'), 'status running again');
    const parameters = (await client.request('getAllParameters')).result.parameters;
    assert.equal(parameters.length, 4);
    assert.equal(parameters[0].value, 0.25, 'the value survived the broken build in between');
    assert.deepEqual((await client.request('ping')).result, { pong: true }, 'the same connection, all along');
    client.close();
});
