// A developer's LV2 build, hosted live like a dev library (isolated, its
// default): its ports served as the protocol's specs, set and metered from a
// page, a new build renamed over its binary reloaded with the values kept,
// and a build that crashes named while the host keeps serving, until a fixed
// build runs. The plugin is Tests/plugins/lv2/test_lv2_plugin.c, one bundle
// per build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, connect, sleep, testPluginDir, waitFor } from './host.mjs';

const buildOf = (name) => path.join(testPluginDir, `${name}.lv2`, 'plugin.so');

/** Like a build tool: the new binary written beside the old, then renamed over it. */
function rebuild (bundle, name) {
    copyFileSync(buildOf(name), path.join(bundle, 'plugin.so.tmp'));
    renameSync(path.join(bundle, 'plugin.so.tmp'), path.join(bundle, 'plugin.so'));
}

const statusOf = async (page) => (await page.request('getAudioStatus')).result.status;

/** The loudest left peak the page is told of from notification `from` on, over `ms`. */
async function loudestAfter (page, from, ms = 400) {
    await sleep(ms);
    return Math.max(0, ...page.notifications.slice(from).filter((n) => n.method === 'meterUpdate').map((n) => n.params.left_peak));
}

test('an LV2 bundle: served, set and metered from a page; a rebuild reloads with the values kept; a crash is named and a fix runs', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-lv2-'));
    const bundle = path.join(folder, 'mine.lv2');
    cpSync(path.join(testPluginDir, 'tlv2_gain.lv2'), bundle, { recursive: true });
    // Blocks of 1024 frames: the crashing build's 50 blocks are a second of audio.
    const host = await startHost(['--buffer-size', '1024'], { plugin: bundle });
    const page = await connect(host.url);

    try {
        // The ports as specs: plain ranges, toggled as bool, the enumeration's names in value order.
        const parameters = (await page.request('getAllParameters')).result.parameters;
        assert.deepEqual(parameters.map((p) => [p.id, p.type, p.min, p.max, p.default]),
                         [['gain', 'float', 0, 2, 0.5], ['invert', 'bool', 0, 1, 0], ['shape', 'enum', 0, 2, 0]]);
        assert.deepEqual(parameters[2].variants, ['Clean', 'Soft', 'Hard']);

        // The 1 kHz sine at 0.5 through gain 0.25 peaks near 0.125.
        await page.request('setParameter', { id: 'gain', value: 0.25 });
        await sleep(200);
        let from = page.notifications.length;
        const before = await loudestAfter(page, from);
        assert.ok(Math.abs(before - 0.125) < 0.01, `peak ${before} at gain 0.25`);

        // A build four times as loud, renamed over the binary: reloaded, the value kept, heard.
        rebuild(bundle, 'tlv2_gain_x4');
        await waitFor(() => page.notifications.some((n) => n.method === 'parametersChanged'), 'parametersChanged after the rebuild');
        assert.equal((await page.request('getParameter', { id: 'gain' })).result.value, 0.25);
        await sleep(300);
        from = page.notifications.length;
        const after = await loudestAfter(page, from);
        assert.ok(Math.abs(after - 0.5) < 0.02, `peak ${after} from the new build at gain 0.25`);

        // A build that crashes in run(): named, and the host keeps serving.
        rebuild(bundle, 'tlv2_crash_after_50_blocks');
        let status = null;
        await waitFor(async () => (status = await statusOf(page))?.phase === 'failed', 'status failed', 15000);
        assert.match(status.diagnostic.message, /^mine\.lv2 crashed with SIGSEGV \(a bad memory access\) in process\(\)/);
        assert.equal(status.diagnostic.fault, 'crash');
        assert.ok((await page.request('ping')).result !== undefined);

        // The fix runs, at the value the page set.
        rebuild(bundle, 'tlv2_gain');
        await waitFor(async () => (await statusOf(page)).phase === 'runningFullDuplex', 'the fixed build running');
        assert.equal((await page.request('getParameter', { id: 'gain' })).result.value, 0.25);
        await sleep(300);
        from = page.notifications.length;
        const fixed = await loudestAfter(page, from);
        assert.ok(Math.abs(fixed - 0.125) < 0.01, `peak ${fixed} from the fixed build`);
    } finally {
        page.close();
        const code = await host.stop();
        rmSync(folder, { recursive: true, force: true });
        assert.equal(code, 0, host.stderr());
    }
});

test('an LV2 plugin by its URI, found on LV2_PATH, plays from its bundle, and a rebuild there reloads it', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-lv2-path-'));
    const bundle = path.join(folder, 'installed.lv2');
    cpSync(path.join(testPluginDir, 'tlv2_gain.lv2'), bundle, { recursive: true });
    const host = await startHost([], { plugin: 'urn:wavecraft:test:lv2-gain', env: { ...process.env, LV2_PATH: folder } });
    const page = await connect(host.url);

    try {
        assert.deepEqual((await page.request('getAllParameters')).result.parameters.map((p) => p.id), ['gain', 'invert', 'shape']);
        await page.request('setParameter', { id: 'gain', value: 0.25 });
        rebuild(bundle, 'tlv2_gain_x4');
        await waitFor(() => page.notifications.some((n) => n.method === 'parametersChanged'), 'parametersChanged after the rebuild');
        await sleep(300);
        const after = await loudestAfter(page, page.notifications.length);
        assert.ok(Math.abs(after - 0.5) < 0.02, `peak ${after} from the new build at gain 0.25`);
    } finally {
        page.close();
        const code = await host.stop();
        rmSync(folder, { recursive: true, force: true });
        assert.equal(code, 0, host.stderr());
    }
});
