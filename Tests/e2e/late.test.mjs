// An isolated plugin on a busy machine, on the real binary: real-time load
// on both cores (other audio programs) doesn't make it late; a plugin late
// on every block is said in the status (degraded, with what to do) and
// counted (late_blocks), and once the load stops it is heard again within a
// second and the status clears. (The worker alone: Tests/LateAnswerTests.cpp.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { startHost, connect, sleep, testPlugin, waitFor } from './host.mjs';

const rtLoad = process.env.WAVECRAFT_RT_LOAD ?? 'build/release/Tests/wavecraft_rt_load';

/** Busy real-time processes at `priority`, one per core; null where real-time priority isn't allowed. */
async function startLoad (priority, seconds) {
    const children = os.cpus().map(() => spawn(rtLoad, [String(priority), '8', '2', String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const started = await Promise.all(children.map((child) => new Promise((resolve) => {
        child.stdout.once('data', () => resolve(true));
        child.once('exit', () => resolve(false));
    })));
    if (started.every(Boolean)) return { async stop () { await Promise.all(children.map((child) => { child.kill('SIGTERM'); return once(child, 'exit'); })); } };
    children.forEach((child) => child.kill('SIGTERM'));
    return null;
}

let host, page;
before(async () => {
    host = await startHost(['--buffer-size', '256'], { plugin: testPlugin('tp_busy_20ms_while_muted') });
    page = await connect(host.url);
    await waitFor(async () => (await page.request('getAudioStatus')).result.status.phase === 'runningFullDuplex', 'audio running');
    await sleep(1200); // the worker has looked at the host's threads (once a second) and found its audio thread
});
after(async () => { page.close(); assert.equal(await host.stop(), 0); });

const status = async () => (await page.request('getAudioStatus')).result.status;
const loudest = (from) => Math.max(0, ...page.notifications.slice(from).filter((n) => n.method === 'meterUpdate').map((n) => n.params.left_peak));

test('real-time load on both cores below the audio thread: the plugin still answers in time', async (t) => {
    const load = await startLoad(40, 4);
    if (load === null) return t.skip('real-time priority is not allowed here');
    try {
        const before = (await status()).late_blocks;
        const from = page.notifications.length;
        await sleep(3000);
        const late = (await status()).late_blocks - before;
        console.log(`${late} late blocks in 3 s of load (about 560 blocks)`);
        // At most 2%: a virtual machine's host takes a core now and then,
        // whatever the priorities inside it (0 to 9 late seen on 2 vCPUs).
        assert.ok(late <= 12, `${late} blocks late under the load, want at most 2%`);
        assert.equal((await status()).phase, 'runningFullDuplex');
        assert.ok(loudest(from) > 0.45, 'the -6 dBFS sine is heard throughout');
    } finally {
        await load.stop();
    }
});

test('late on every block under load: the status says so while it lasts; heard again within 1 s after, and the status clears', async () => {
    const load = await startLoad(40, 6); // null without real-time priority: the slow plugin alone then
    try {
        const statusFrom = page.notifications.length;
        assert.deepEqual((await page.request('setParameter', { id: 'mute', value: 1 })).result, {});

        let degraded = null;
        await waitFor(async () => (degraded = await status()).phase === 'degraded', 'status degraded', 5000);
        assert.match(degraded.diagnostic.message, /^\d+ of the last \d+ blocks went out silent: the plugin's answer came too late for them \(each is due within 4\.8 ms\)$/);
        assert.match(degraded.diagnostic.hint, /make process\(\) cheaper, close what competes, or choose a bigger block with --buffer-size/);
        // The reply reads the status as it is; the notification comes from the
        // message thread, which the load may hold back a little.
        await waitFor(() => page.notifications.slice(statusFrom).some((n) => n.method === 'audioStatusChanged' && n.params.phase === 'degraded'),
                      'pages are told', 2000);

        const lateBefore = degraded.late_blocks;
        await sleep(1000);
        const lateAfter = (await status()).late_blocks;
        assert.ok(lateAfter - lateBefore > 100, `late_blocks counts on: ${lateBefore} then ${lateAfter} a second later`);
        assert.equal((await status()).phase, 'degraded', 'it lasts as long as the lateness');
    } finally {
        await load?.stop();
    }

    // The load stops: heard again within a second.
    const stoppedAt = performance.now();
    const from = page.notifications.length;
    await page.request('setParameter', { id: 'mute', value: 0 });
    await waitFor(() => loudest(from) > 0.45, 'the sine heard again', 1000);
    console.log(`heard again ${(performance.now() - stoppedAt).toFixed(0)} ms after the load stopped`);

    await waitFor(async () => (await status()).phase === 'runningFullDuplex', 'the status cleared', 3000);
    assert.equal((await status()).diagnostic, undefined);
    assert.match(host.stderr(), /audio degraded, 48000 Hz, 256 frames: \d+ of the last \d+ blocks went out silent/);
});
