// wavecraft-host --validate as a CI job runs it: the real binary, its exit
// codes, its lines on standard output, and the JSON and JUnit files it
// writes. (Each check's findings: Tests/PluginValidatorTests.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostBinary as host, testPlugin } from './host.mjs';

function validate (args) {
    const run = spawnSync(host, ['--validate', ...args], { encoding: 'utf8', timeout: 60000 });
    return { code: run.status, lines: run.stdout.trimEnd().split('\n'), stderr: run.stderr };
}

function withFolder (body) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-validate-'));
    try {
        return body(folder);
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}

test('a plugin that keeps every rule: a PASS line per check, the summary last, exit 0', () => {
    const run = validate(['--plugin', testPlugin('tp_v2')]);
    assert.equal(run.code, 0, run.lines.join('\n') + '\n' + run.stderr); // the lines say which check failed
    const checks = run.lines.slice(0, -1);
    assert.equal(checks.length, 22);
    // Timings may warn on a machine busy with other work; nothing may fail.
    for (const line of checks)
        assert.match(line, /^(PASS [a-z_]+(\.[a-z_]+)+|WARN (load\.warm|cpu\.budget|cpu\.denormals)): \S/);
    assert.match(run.lines.at(-1), /^(\d+) passed, (\d+) warned, 0 failed$/);
    const [, passed, warned] = run.lines.at(-1).match(/^(\d+) passed, (\d+) warned/);
    assert.equal(Number(passed) + Number(warned), 22);
});

test('a plugin that allocates in process(): FAIL naming the place, exit 1, and the JSON and JUnit files say the same', () => {
    withFolder((folder) => {
        const json = path.join(folder, 'report.json');
        const junit = path.join(folder, 'report.xml');
        const run = validate(['--plugin', testPlugin('tp_allocates_in_process'), '--quick', '--json', json, '--junit', junit]);
        assert.equal(run.code, 1, run.stderr);
        assert.ok(run.lines.some((line) => /^FAIL realtime\.process: process\(\) called malloc \(\d+ bytes\) at process \([^)]*test_plugin\.c:\d+\): the audio thread must not allocate/.test(line)), run.lines.join('\n'));
        assert.match(run.lines.at(-1), /^\d+ passed, 0 warned, 1 failed$/);

        const report = JSON.parse(readFileSync(json, 'utf8'));
        assert.equal(report.plugin, testPlugin('tp_allocates_in_process'));
        assert.equal(report.failed, 1);
        assert.equal(report.checks.length, run.lines.length - 1);
        const failed = report.checks.find((check) => check.result === 'fail');
        assert.equal(failed.id, 'realtime.process');
        assert.equal(failed.stack[0].function, 'process');
        assert.match(failed.stack[0].file, /test_plugin\.c$/);
        assert.ok(failed.stack[0].line > 0);
        assert.equal(failed.stack[0].library, 'tp_allocates_in_process.so');

        const xml = readFileSync(junit, 'utf8');
        assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
        assert.equal((xml.match(/<testcase /g) || []).length, report.checks.length);
        assert.equal((xml.match(/<failure /g) || []).length, 1);
        assert.match(xml, /<testcase classname="[^"]+" name="realtime\.process"[^>]*>\s*<failure message="process\(\) called malloc/);
    });
});

test('a library that does not load: FAIL load.cold with the reason, exit 1', () => {
    const run = validate(['--plugin', testPlugin('tp_bad_version')]);
    assert.equal(run.code, 1);
    assert.match(run.lines[0], /^FAIL load\.cold: .*version/);
    assert.equal(run.lines.at(-1), '0 passed, 0 warned, 1 failed');
});

test('bad usage exits 2 with one line saying what to do', () => {
    const run = spawnSync(host, ['--quick'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--json, --junit and --quick go with --validate/);

    const unwritable = validate(['--plugin', testPlugin('tp_v2'), '--quick', '--json', '/nonexistent-folder/report.json']);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /--json \/nonexistent-folder\/report\.json: its folder \/nonexistent-folder does not exist/);
    assert.equal(unwritable.lines.join(''), '', 'nothing ran');
});
