// Run by scripts/check-dev-plugin.sh: a JUCE-built VST3 or LV2 of a dev
// library (examples/dev_plugin_shell), hosted live like a dev library
// (isolated): its parameters served, one set from a page, a rebuilt binary
// renamed over the one in the bundle reloaded with the value kept, and
// heard throughout.
//   node dev-plugin-live.mjs BUNDLE BINARY_IN_BUNDLE
import assert from 'node:assert/strict';
import { copyFileSync, renameSync } from 'node:fs';
import { startHost, connect, sleep, waitFor } from './host.mjs';

const [bundle, binary] = process.argv.slice(2);
const host = await startHost([], { plugin: bundle });
const page = await connect(host.url);
const heard = async () => {
    const from = page.notifications.length;
    await sleep(300);
    return Math.max(0, ...page.notifications.slice(from).filter((n) => n.method === 'meterUpdate').map((n) => n.params.left_peak));
};

try {
    const parameters = (await page.request('getAllParameters')).result.parameters;
    const mode = parameters.find((p) => p.name === 'Mode');
    assert.ok(mode, `a Mode parameter among ${parameters.map((p) => p.name)}`);
    assert.deepEqual(mode.variants, ['Low pass', 'Band pass', 'High pass']);
    await page.request('setParameter', { id: mode.id, value: 2 });
    assert.ok((await heard()) > 0.01, 'the plugin is heard');

    // Rebuilt: a new binary written beside the old one, renamed over it.
    copyFileSync(binary, `${binary}.tmp`);
    renameSync(`${binary}.tmp`, binary);
    await waitFor(() => page.notifications.some((n) => n.method === 'parametersChanged'), 'parametersChanged after the rebuild');
    assert.equal((await page.request('getParameter', { id: mode.id })).result.value, 2, 'the value kept across the reload');
    assert.ok((await heard()) > 0.01, 'the new build is heard');
    const status = (await page.request('getAudioStatus')).result.status;
    assert.equal(status.phase, 'runningFullDuplex', JSON.stringify(status));
    console.log(`dev plugin: ${bundle.split('/').at(-1)} hosted live, ${parameters.length} parameters, reloaded with Mode kept`);
} finally {
    page.close();
    assert.equal(await host.stop(), 0, host.stderr());
}
