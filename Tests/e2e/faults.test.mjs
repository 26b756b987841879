// A plugin under development that hangs in process(), on the real binary:
// the status says the plugin hangs (never that the device stopped), the same
// connection keeps answering, and SIGTERM still ends the host with 0 within
// 2 s. (NaN and Inf are tested in-process: Tests/PluginFaultTests.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost, connect, sleep, testPlugin, waitFor } from './host.mjs';


test('a plugin that hangs in process() is named as hanging, the host keeps serving, and SIGTERM exits 0 within 2 s', async () => {
    const host = await startHost([], { plugin: testPlugin('tp_hangs_after_100_blocks') });
    const page = await connect(host.url);
    let status = null;
    try {
        await waitFor(async () => {
            status = (await page.request('getAudioStatus')).result.status;
            return status?.phase === 'failed';
        }, 'status failed');
        assert.match(status.diagnostic.message, /process\(\) has not returned for [0-9.]+ s: it hangs/);
        assert.equal(status.diagnostic.code, 'unknown');
        assert.ok(page.notifications.some((n) => n.method === 'audioStatusChanged' && n.params.phase === 'failed'), 'the page was told');
        assert.doesNotMatch(host.stderr(), /stopped delivering audio/);

        // Still serving, on the same connection, while the audio thread is stuck.
        await sleep(500);
        assert.ok((await page.request('ping')).result !== undefined);
        assert.equal((await page.request('getAudioStatus')).result.status.phase, 'failed');
    } finally {
        page.close();
        const started = Date.now();
        const code = await host.stop();
        const took = Date.now() - started;
        assert.equal(code, 0, host.stderr());
        assert.ok(took < 2000, `SIGTERM took ${took} ms`);
    }
});
