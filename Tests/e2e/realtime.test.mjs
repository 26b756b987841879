// The real-time monitor on the real binary, with isolation (its default): a
// plugin that allocates, prints or sleeps on the audio thread is named on
// standard error once per place, with its function and line, and keeps
// playing; a plugin that keeps the rules gets no such line. A page that asks
// gets the report (getPluginReport) and is told when it grows. (Every rule
// and its stack: Tests/RealtimeMonitorTests.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, connect, sleep, testPlugin, waitFor } from './host.mjs';

const breakers = [
    { plugin: 'tp_allocates_in_process', lines: [/process\(\) called malloc \(\d+ bytes\) at process \([^)]*test_plugin\.c:\d+\): the audio thread must not allocate$/m,
                                                  /process\(\) called free at process \([^)]*test_plugin\.c:\d+\): the audio thread must not free memory$/m] },
    { plugin: 'tp_prints_in_process', lines: [/process\(\) called write at process \([^)]*test_plugin\.c:\d+\): the audio thread must not make system calls$/m] },
    { plugin: 'tp_sleeps_in_process', lines: [/process\(\) called clock_nanosleep at process \([^)]*test_plugin\.c:\d+\): the audio thread must not make system calls$/m] },
];

function count (text, pattern) {
    return text.split('\n').filter((line) => pattern.test(line)).length;
}

for (const breaker of breakers) {
    test(`${breaker.plugin}: each place named once on standard error, and the plugin keeps playing`, async () => {
        const host = await startHost([], { plugin: testPlugin(breaker.plugin) });
        const page = await connect(host.url);
        try {
            await waitFor(async () => breaker.lines.every((line) => line.test(host.stderr())), 'the lines on standard error');
            await sleep(500); // about 90 more blocks break the same rules at the same places
            for (const line of breaker.lines)
                assert.equal(count(host.stderr(), new RegExp(line.source)), 1, `once: ${line}`);

            const status = (await page.request('getAudioStatus')).result.status;
            assert.equal(status.phase, 'runningFullDuplex', 'it keeps playing');
            assert.doesNotMatch(host.stderr(), /crashed/);
        } finally {
            page.close();
            assert.equal(await host.stop(), 0);
        }
    });
}

test('a plugin that keeps the rules, or allocates only in set_sample_rate(), is never named', async () => {
    for (const plugin of ['tp_v2', 'tp_allocates_in_set_sample_rate']) {
        const host = await startHost([], { plugin: testPlugin(plugin) });
        try {
            await sleep(1000);
            assert.doesNotMatch(host.stderr(), /the audio thread must not/, plugin);
        } finally {
            assert.equal(await host.stop(), 0);
        }
    }
});

test('getPluginReport lists the running build\'s places; pluginReportChanged goes only to the pages that asked', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-report-'));
    const pluginPath = path.join(folder, 'libmine.so');
    copyFileSync(testPlugin('tp_v2'), pluginPath);
    const host = await startHost([], { plugin: pluginPath });
    const asking = await connect(host.url);
    const other = await connect(host.url);
    try {
        assert.deepEqual((await asking.request('getPluginReport')).result, { report: { build: 1, watched: true, violations: [] } });

        // A rebuild that allocates, renamed over the file as a build tool does.
        copyFileSync(testPlugin('tp_allocates_in_process'), pluginPath + '.tmp');
        renameSync(pluginPath + '.tmp', pluginPath);
        await waitFor(() => asking.notifications.some((n) => n.method === 'pluginReportChanged'), 'pluginReportChanged');

        const report = (await asking.request('getPluginReport')).result.report;
        assert.equal(report.build, 2);
        const malloc = report.violations.find((v) => v.what === 'malloc');
        assert.ok(malloc, JSON.stringify(report));
        assert.equal(malloc.kind, 'allocation');
        assert.equal(malloc.call, 'process');
        assert.ok(malloc.count >= 1);
        assert.ok(malloc.last_seen_ms >= malloc.first_seen_ms && Math.abs(malloc.last_seen_ms - Date.now()) < 5000);
        assert.equal(malloc.stack[0].function, 'process');
        assert.match(malloc.stack[0].file, /test_plugin\.c$/);
        assert.ok(malloc.stack[0].line > 0);
        assert.equal(malloc.stack[0].library, 'libmine.so');
        assert.ok(report.violations.some((v) => v.what === 'free' && v.kind === 'deallocation'));

        await sleep(300);
        assert.ok(!other.notifications.some((n) => n.method === 'pluginReportChanged'), 'a page that never asked is not told');
    } finally {
        asking.close();
        other.close();
        assert.equal(await host.stop(), 0);
        rmSync(folder, { recursive: true, force: true });
    }
});

test('each new build gets the quick check in the background: a regression is said when the build lands, a fix too', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-check-'));
    const pluginPath = path.join(folder, 'libmine.so');
    copyFileSync(testPlugin('tp_v2'), pluginPath);
    const host = await startHost([], { plugin: pluginPath });
    const rebuild = (name) => {
        copyFileSync(testPlugin(name), pluginPath + '.tmp');
        renameSync(pluginPath + '.tmp', pluginPath);
    };
    try {
        await waitFor(() => /build 1, quick check in the background: 15 passed, 0 warned, 0 failed$/m.test(host.stderr()), 'build 1 checked');

        rebuild('tp_allocates_in_process');
        await waitFor(() => /^wavecraft-host: new in this build: FAIL realtime\.process: process\(\) called malloc \(\d+ bytes\) at process \([^)]*test_plugin\.c:\d+\): the audio thread must not allocate/m.test(host.stderr()),
                      'the regression named');
        assert.match(host.stderr(), /build 2, quick check in the background: 14 passed, 0 warned, 1 failed$/m);

        rebuild('tp_v2');
        await waitFor(() => /build 3, quick check in the background: 15 passed, 0 warned, 0 failed; fixed since the build checked before: realtime\.process$/m.test(host.stderr()),
                      'the fix named');
    } finally {
        assert.equal(await host.stop(), 0);
        rmSync(folder, { recursive: true, force: true });
    }
});
