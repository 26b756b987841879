// A real browser (Debian's headless Chromium, driven by playwright-core) opens
// a page served from 127.0.0.1 that talks to wavecraft-host like a UI would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import path from 'node:path';
import { startHost, testPlugin, testPluginDir, waitFor, connect } from './host.mjs';

const chromiumPath = process.env.WAVECRAFT_CHROMIUM ?? '/usr/bin/chromium';
const pageFile = new URL('./page/index.html', import.meta.url);

let host, http, browser;

async function launchBrowser () {
    assert.ok(existsSync(chromiumPath), `no browser at ${chromiumPath} (scripts/install-deps.sh installs chromium)`);
    browser ??= await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--disable-quic'],
        // playwright gives the browser a fresh, empty profile of its own.
    });
    return browser;
}

/** Opens the page on `wsUrl`, and returns its result and what its console said. */
async function runPage (wsUrl) {
    const page = await (await launchBrowser()).newPage();
    const consoleLines = [];
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await page.goto(`http://127.0.0.1:${http.address().port}/?ws=${encodeURIComponent(wsUrl)}`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 15000 });
    const result = await page.evaluate(() => window.result);
    await page.close();
    return { result, consoleLines };
}

before(async () => {
    host = await startHost();
    http = createServer(async (request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(await readFile(pageFile));
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
});

after(async () => {
    await browser?.close();
    http?.close();
    await host?.stop();
});

test('a page in headless Chromium lists parameters, sets one and receives meterUpdate', async () => {
    const { result } = await runPage(host.url);

    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.ids, ['gain', 'mute', 'shape', 'steps']);
    assert.deepEqual(result.setResult, {});
    assert.ok(result.meterCount >= 30, `${result.meterCount} meterUpdate in 0.8 s`); // 48 at 60 Hz; a loaded machine delays some
    assert.ok(Math.abs(result.lastPeak - 0.25) < 0.01, `peak ${result.lastPeak} after gain 0.5`);
    assert.equal(result.status, 'runningFullDuplex');
});

test('the same page drives a hosted LV2 bundle: its ports listed, its gain set, its output metered', async () => {
    const lv2 = await startHost([], { plugin: path.join(testPluginDir, 'tlv2_gain.lv2') });
    try {
        const { result, consoleLines } = await runPage(lv2.url);
        assert.equal(result.error, undefined, result.error);
        assert.deepEqual(result.ids, ['gain', 'invert', 'shape']);
        assert.deepEqual(result.setResult, {});
        assert.ok(result.meterCount >= 30, `${result.meterCount} meterUpdate in 0.8 s`); // 48 at 60 Hz; a loaded machine delays some
        // The 1 kHz sine at 0.5 through the LV2's gain port at 0.5.
        assert.ok(Math.abs(result.lastPeak - 0.25) < 0.01, `peak ${result.lastPeak} after gain 0.5`);
        assert.equal(result.status, 'runningFullDuplex');
        assert.deepEqual(consoleLines, []);
    } finally {
        assert.equal(await lv2.stop(), 0, lv2.stderr());
    }
});

test('a page that never asks for the plugin report, as the real client, hears nothing of it while the plugin breaks rules, and its console stays empty', async () => {
    const breaking = await startHost([], { plugin: testPlugin('tp_allocates_in_process') });
    try {
        await waitFor(() => /quick check in the background/.test(breaking.stderr()), 'the build checked');
        const { result, consoleLines } = await runPage(breaking.url);
        assert.equal(result.error, undefined, result.error);
        assert.match(breaking.stderr(), /process\(\) called malloc/, 'the plugin broke a rule while the page ran');
        assert.deepEqual(result.notified, ['meterUpdate'], 'only the notifications the contract sends every page');
        assert.deepEqual(consoleLines, []);
    } finally {
        assert.equal(await breaking.stop(), 0);
    }
});

test('the host\'s own page at / lists the parameters as the window shows them, sets one that a second page hears, and shows moving meters', async () => {
    const pageUrl = host.url.replace('ws://', 'http://') + '/';
    const consoleLines = [];
    const openControlPage = async () => {
        const page = await (await launchBrowser()).newPage();
        page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
        page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
        await page.goto(pageUrl);
        await page.waitForSelector('[data-param="steps"]', { timeout: 15000 });
        return page;
    };
    const valueText = (page, id) => page.$eval(`[data-param="${id}"] input[type=text]`, (input) => input.value);

    const observer = await connect(host.url);
    const [first, second] = [await openControlPage(), await openControlPage()];
    try {
        // By group, in the order the groups first appear, as in the window: gain and shape are in "Main".
        assert.deepEqual(await first.$$eval('[data-param]', (rows) => rows.map((row) => row.dataset.param)), ['gain', 'shape', 'mute', 'steps']);
        assert.deepEqual(await first.$$eval('#parameters h3', (headings) => headings.map((h) => h.textContent)), ['Main']);
        assert.deepEqual(await first.$$eval('[data-param="shape"] option', (options) => options.map((o) => o.textContent)), ['Clean', 'Soft', 'Hard']);
        assert.match(await first.$eval('#connection', (e) => e.textContent), /connected/);
        await waitFor(async () => (await first.$eval('#status', (e) => e.dataset.phase)) === 'runningFullDuplex', 'the status on the page');

        // Typed as a developer would, and read back as the window shows it.
        const gainText = first.locator('[data-param="gain"] input[type=text]');
        await gainText.fill('0.25 x');
        await gainText.press('Enter');
        await waitFor(() => observer.notifications.some((n) => n.method === 'parameterChanged'), 'the change reaching another client');
        assert.deepEqual(observer.notifications.find((n) => n.method === 'parameterChanged').params, { id: 'gain', value: 0.25 });
        await waitFor(async () => (await valueText(second, 'gain')) === '0.25 x', 'the second page showing the new gain');

        // The meters move: the 1 kHz sine at gain 0.25 peaks near 0.125 (-18 dB), updated many times a second
        // (once the blocks played at the old gain have gone through: a loaded machine takes a moment).
        const leftPeak = async () => Number(await second.$eval('#bar-left', (bar) => bar.dataset.peak));
        await waitFor(async () => Math.abs(await leftPeak() - 0.125) < 0.01, 'the meter at the new gain', 3000);
        const peaks = [];
        for (let i = 0; i < 5; ++i) {
            peaks.push(Number(await second.$eval('#bar-left', (bar) => bar.dataset.peak)));
            await second.waitForTimeout(100);
        }
        assert.ok(peaks.every((peak) => Math.abs(peak - 0.125) < 0.01), `peaks ${peaks}`);
        // They keep coming (their rate is bench/ws_bench.mjs's to measure, not a loaded machine's test).
        const updates = await second.evaluate(() => window.wavecraftPage.meterUpdates);
        await waitFor(async () => (await second.evaluate(() => window.wavecraftPage.meterUpdates)) - updates >= 15, '15 more meter updates on the page', 5000);
        assert.match(await second.$eval('#db-left', (e) => e.textContent), /^-18\.\d dB$/);
        assert.ok((await second.evaluate(() => window.wavecraftPage.scopeFrames)) > 0, 'the scope is drawn');
        assert.deepEqual(consoleLines, []);
    } finally {
        observer.close();
        await first.close();
        await second.close();
    }
});
