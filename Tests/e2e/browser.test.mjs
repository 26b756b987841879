// A real browser (Debian's headless Chromium, driven by playwright-core) opens
// a page served from 127.0.0.1 that talks to wavecraft-host like a UI would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import { startHost, testPlugin, waitFor } from './host.mjs';

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
    assert.ok(result.meterCount >= 40, `${result.meterCount} meterUpdate in 0.8 s`);
    assert.ok(Math.abs(result.lastPeak - 0.25) < 0.01, `peak ${result.lastPeak} after gain 0.5`);
    assert.equal(result.status, 'runningFullDuplex');
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
