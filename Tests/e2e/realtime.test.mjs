// The real-time monitor on the real binary, with isolation (its default): a
// plugin that allocates, prints or sleeps on the audio thread is named on
// standard error once per place, with its function and line, and keeps
// playing; a plugin that keeps the rules gets no such line. (Every rule and
// its stack: Tests/RealtimeMonitorTests.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
