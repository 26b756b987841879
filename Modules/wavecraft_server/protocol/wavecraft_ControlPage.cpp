namespace wavecraft
{

namespace
{
    // Three literals, each well inside the 16 KB a compiler must accept for one.
    constexpr const char* style = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wavecraft-host</title>
<style>
:root { color-scheme: dark; --bg: #17191d; --panel: #21242a; --line: #30343c; --text: #e4e6ea; --dim: #9097a3;
        --accent: #4fb3ff; --good: #49c47a; --warn: #e8b339; --bad: #ef5b5b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.4 system-ui, sans-serif; }
header { display: flex; align-items: center; gap: 12px; padding: 10px 16px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 15px; margin: 0; font-weight: 600; }
#connection { display: flex; align-items: center; gap: 6px; color: var(--dim); }
#connection::before { content: ""; width: 9px; height: 9px; border-radius: 50%; background: var(--bad); }
#connection.open::before { background: var(--good); }
#status { margin-left: auto; color: var(--dim); text-align: right; }
#status.degraded, #status.failed { color: var(--warn); }
#status.failed { color: var(--bad); }
main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(300px, 420px); gap: 16px; padding: 16px; }
@media (max-width: 760px) { main { grid-template-columns: 1fr; } }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
section + section { margin-top: 16px; }
h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--dim); margin: 0 0 10px; font-weight: 600; }
h3 { font-size: 12px; color: var(--dim); margin: 12px 0 4px; font-weight: 600; }
.parameter { display: grid; grid-template-columns: minmax(90px, 160px) 1fr 96px; align-items: center; gap: 10px; padding: 4px 0; }
.parameter label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; cursor: default; }
.parameter input[type=range] { width: 100%; accent-color: var(--accent); }
.parameter input[type=text] { width: 96px; background: var(--bg); color: var(--text); border: 1px solid var(--line);
                              border-radius: 4px; padding: 3px 6px; font: inherit; font-variant-numeric: tabular-nums; text-align: right; }
.parameter input[type=text].invalid { border-color: var(--bad); }
.parameter select { grid-column: 2 / 4; background: var(--bg); color: var(--text); border: 1px solid var(--line); border-radius: 4px; padding: 3px 6px; font: inherit; }
.parameter input[type=checkbox] { justify-self: start; width: 18px; height: 18px; accent-color: var(--accent); }
.empty { color: var(--dim); }
.meter { display: grid; grid-template-columns: 16px 1fr 74px; align-items: center; gap: 8px; margin: 6px 0; }
.bar { position: relative; height: 14px; background: var(--bg); border-radius: 3px; overflow: hidden; }
.bar .rms, .bar .peak { position: absolute; left: 0; top: 0; bottom: 0; width: 0; }
.bar .rms { background: var(--good); opacity: .9; }
.bar .peak { background: var(--good); opacity: .35; }
.bar.hot .peak, .bar.hot .rms { background: var(--bad); }
.db { color: var(--dim); font-variant-numeric: tabular-nums; text-align: right; }
canvas { width: 100%; height: 160px; background: var(--bg); border-radius: 4px; display: block; }
#report li { margin: 6px 0; }
#report code { color: var(--dim); }
#report ul { padding-left: 18px; margin: 0; }
footer { color: var(--dim); padding: 0 16px 16px; font-size: 12px; }
</style>
</head>
)html";

    constexpr const char* markup = R"html(<body>
<header>
  <h1>wavecraft-host</h1>
  <span id="connection">connecting</span>
  <span id="status"></span>
</header>
<main>
  <div>
    <section>
      <h2>Parameters</h2>
      <div id="parameters"><p class="empty">waiting for the host</p></div>
    </section>
    <section id="report-section" hidden>
      <h2>Real-time report</h2>
      <div id="report"></div>
    </section>
  </div>
  <div>
    <section>
      <h2>Output</h2>
      <div class="meter"><span>L</span><div class="bar" id="bar-left"><div class="peak"></div><div class="rms"></div></div><span class="db" id="db-left">-inf dB</span></div>
      <div class="meter"><span>R</span><div class="bar" id="bar-right"><div class="peak"></div><div class="rms"></div></div><span class="db" id="db-right">-inf dB</span></div>
    </section>
    <section>
      <h2>Scope</h2>
      <canvas id="scope" width="800" height="320"></canvas>
    </section>
  </div>
</main>
<footer>The host's built-in page, over the same JSON-RPC as your own UI. Double-click a name to reset it; type a value and press Enter.</footer>
)html";

    constexpr const char* script = R"html(<script>
'use strict';
const page = { socket: null, nextId: 1, pending: new Map(), parameters: new Map(), meterUpdates: 0, scopeFrames: 0, scopeAsked: false };

function rpc (method, params) {
  return new Promise((resolve, reject) => {
    if (!page.socket || page.socket.readyState !== WebSocket.OPEN) return reject(new Error('not connected'));
    const id = page.nextId++;
    page.pending.set(id, { resolve, reject });
    page.socket.send(JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params }));
  });
}

// Values as the preview window and Wavecraft's ParameterSlider show them.
function decimalsFor (spec, scale, fewest) {
  const step = (spec.max - spec.min) * scale / 100;
  return step > 0 ? Math.min(9, Math.max(fewest, Math.ceil(-Math.log10(step) - 1e-4))) : fewest;
}
function formatValue (spec, value) {
  if (spec.type === 'bool') return value >= 0.5 ? 'On' : 'Off';
  if (spec.type === 'enum') {
    const name = (spec.variants || [])[Math.round(value) - spec.min];
    return name !== undefined ? name : String(Math.round(value));
  }
  if (!spec.unit) return value.toFixed(decimalsFor(spec, 1, 3));
  if (spec.unit === '%') return (value * 100).toFixed(decimalsFor(spec, 100, 1)) + '%';
  return value.toFixed(decimalsFor(spec, 1, 1)) + ' ' + spec.unit;
}
function parseTypedValue (spec, text) {
  let number = text.trim(), scale = spec.unit === '%' ? 0.01 : 1;
  if (spec.unit && number.toLowerCase().endsWith(spec.unit.toLowerCase())) number = number.slice(0, -spec.unit.length).trim();
  if (spec.unit !== '%' && /k$/i.test(number)) { number = number.slice(0, -1).trim(); scale = 1000; }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(number)) return null;
  const value = Number(number) * scale;
  return value >= spec.min && value <= spec.max ? value : null;
}

// The slider's travel: logarithmic for a frequency or a range over decades, as in the window.
function usesLogScale (spec) {
  return (spec.unit || '').toLowerCase().endsWith('hz') || (spec.min > 0 && spec.max / spec.min >= 100);
}
function valueAt (spec, proportion) {
  if (!usesLogScale(spec)) return spec.min + (spec.max - spec.min) * proportion;
  if (spec.min > 0) return spec.min * Math.pow(spec.max / spec.min, proportion);
  return spec.min + (spec.max - spec.min) * Math.pow(proportion, 1 / page.skew);
}
function proportionOf (spec, value) {
  const span = spec.max - spec.min;
  if (span <= 0) return 0;
  if (!usesLogScale(spec)) return (value - spec.min) / span;
  if (spec.min > 0) return Math.log(value / spec.min) / Math.log(spec.max / spec.min);
  return Math.pow(Math.max(0, (value - spec.min) / span), page.skew);
}
page.skew = Math.log(0.5) / Math.log(0.05); // a twentieth of a range from 0 at the middle

function makeControl (spec) {
  const row = document.createElement('div');
  row.className = 'parameter';
  row.dataset.param = spec.id;
  const label = document.createElement('label');
  label.textContent = spec.name;
  label.title = spec.id + ': double-click to reset to ' + formatValue(spec, spec.default);
  row.append(label);
  const entry = { spec, row, value: spec.value, show: null };
  const send = (value) => { entry.value = value; rpc('setParameter', { id: spec.id, value }).catch(() => {}); };

  if (spec.type === 'bool') {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.setAttribute('aria-label', spec.name);
    box.onchange = () => send(box.checked ? 1 : 0);
    entry.show = (value) => { box.checked = value >= 0.5; };
    row.append(box);
  } else if (spec.type === 'enum') {
    const select = document.createElement('select');
    select.setAttribute('aria-label', spec.name);
    for (let index = spec.min; index <= spec.max; ++index) select.add(new Option(formatValue(spec, index), index));
    select.onchange = () => send(Number(select.value));
    entry.show = (value) => { select.value = String(Math.round(value)); };
    row.append(select);
  } else {
    const slider = document.createElement('input'), text = document.createElement('input');
    slider.type = 'range'; slider.min = 0; slider.max = 10000; slider.step = 1;
    slider.setAttribute('aria-label', spec.name);
    text.type = 'text'; text.spellcheck = false;
    text.setAttribute('aria-label', spec.name + ' value');
    slider.oninput = () => {
      const value = valueAt(spec, slider.value / 10000);
      text.value = formatValue(spec, value);
      send(value);
    };
    text.onkeydown = (event) => {
      if (event.key === 'Escape') { entry.show(entry.value); text.blur(); }
      if (event.key !== 'Enter') return;
      const value = parseTypedValue(spec, text.value);
      text.classList.toggle('invalid', value === null);
      if (value === null) { text.title = 'not a value from ' + formatValue(spec, spec.min) + ' to ' + formatValue(spec, spec.max); return; }
      text.title = '';
      send(value);
      entry.show(value);
    };
    text.onblur = () => { text.classList.remove('invalid'); entry.show(entry.value); };
    entry.show = (value) => {
      slider.value = Math.round(proportionOf(spec, value) * 10000);
      if (document.activeElement !== text) text.value = formatValue(spec, value);
    };
    row.append(slider, text);
  }

  label.ondblclick = () => { send(spec.default); entry.show(spec.default); };
  entry.show(spec.value);
  return entry;
}

function showParameters (list) {
  const holder = document.getElementById('parameters');
  holder.replaceChildren();
  page.parameters.clear();
  if (list.length === 0) holder.innerHTML = '<p class="empty">this plugin has no parameters</p>';
  // By group, in the order the groups first appear, as the window shows them.
  const groups = new Map();
  for (const spec of list) {
    const group = spec.group || '';
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(spec);
  }
  for (const [group, specs] of groups) {
    if (group) { const heading = document.createElement('h3'); heading.textContent = group; holder.append(heading); }
    for (const spec of specs) {
      const entry = makeControl(spec);
      page.parameters.set(spec.id, entry);
      holder.append(entry.row);
    }
  }
}

async function loadParameters () {
  const { parameters } = await rpc('getAllParameters');
  showParameters(parameters);
}

function showStatus (status) {
  const element = document.getElementById('status');
  if (!status) { element.textContent = 'no audio yet'; element.className = ''; return; }
  const phases = { runningFullDuplex: 'running, full duplex', runningInputOnly: 'running, input only' };
  const parts = [phases[status.phase] || status.phase];
  if (status.sample_rate) parts.push(status.sample_rate + ' Hz');
  if (status.buffer_size) parts.push(status.buffer_size + ' frames');
  let text = parts.join(' \u00b7 ');
  if (status.diagnostic) text += ': ' + status.diagnostic.message + (status.diagnostic.hint ? ' (' + status.diagnostic.hint + ')' : '');
  element.textContent = text;
  element.className = status.phase;
  element.dataset.phase = status.phase;
}

function describeFrame (frame) {
  if (!frame) return '';
  return frame.function + (frame.file ? ' (' + frame.file.split('/').pop() + ':' + frame.line + ')' : '');
}
function showReport (report) {
  const violations = report.violations || [];
  document.getElementById('report-section').hidden = violations.length === 0;
  const list = document.createElement('ul');
  for (const violation of violations) {
    const item = document.createElement('li');
    // As the host's log says it.
    const did = { bufferOverrun: 'wrote past the end of the ', bufferUnderrun: 'wrote before the start of the ' }[violation.kind] || 'called ';
    item.textContent = violation.call + '() ' + did + violation.what + ', ' + (violation.count === 1 ? 'once ' : violation.count + ' times ');
    const where = document.createElement('code');
    where.textContent = 'at ' + describeFrame((violation.stack || [])[0]);
    item.append(where);
    list.append(item);
  }
  document.getElementById('report').replaceChildren(list);
}

function decibels (level) { return level > 1e-6 ? 20 * Math.log10(level) : -Infinity; }
function widthFor (level) { return Math.max(0, Math.min(100, (decibels(level) + 60) / 60 * 100)) + '%'; }
function showMeter (side, peak, rms) {
  const bar = document.getElementById('bar-' + side);
  bar.querySelector('.peak').style.width = widthFor(peak);
  bar.querySelector('.rms').style.width = widthFor(rms);
  bar.classList.toggle('hot', peak >= 1);
  bar.dataset.peak = peak;
  const db = decibels(peak);
  document.getElementById('db-' + side).textContent = (isFinite(db) ? db.toFixed(1) : '-inf') + ' dB';
}

function drawScope (frame) {
  ++page.scopeFrames;
  const canvas = document.getElementById('scope'), context = canvas.getContext('2d');
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.strokeStyle = '#30343c';
  context.beginPath(); context.moveTo(0, canvas.height / 2); context.lineTo(canvas.width, canvas.height / 2); context.stroke();
  if (!frame || frame.no_signal) {
    context.fillStyle = '#9097a3'; context.font = '24px system-ui, sans-serif'; context.textAlign = 'center';
    context.fillText('no signal', canvas.width / 2, canvas.height / 2 - 12);
    return;
  }
  for (const [points, colour] of [[frame.points_l, '#4fb3ff'], [frame.points_r, '#49c47a']]) {
    context.strokeStyle = colour; context.lineWidth = 2; context.beginPath();
    points.forEach((sample, index) => {
      const x = index / (points.length - 1) * canvas.width, y = (0.5 - sample / 2) * canvas.height;
      index === 0 ? context.moveTo(x, y) : context.lineTo(x, y);
    });
    context.stroke();
  }
}
function pollScope () {
  requestAnimationFrame(pollScope);
  if (page.scopeAsked || !page.socket || page.socket.readyState !== WebSocket.OPEN) return;
  page.scopeAsked = true;
  rpc('getOscilloscopeFrame').then(({ frame }) => drawScope(frame), () => {}).finally(() => { page.scopeAsked = false; });
}

const notifications = {
  meterUpdate (levels) { ++page.meterUpdates; showMeter('left', levels.left_peak, levels.left_rms); showMeter('right', levels.right_peak, levels.right_rms); },
  parameterChanged ({ id, value }) { const entry = page.parameters.get(id); if (entry) { entry.value = value; entry.show(value); } },
  parametersChanged () { loadParameters().catch(() => {}); },
  audioStatusChanged (status) { showStatus(status); },
  pluginReportChanged () { rpc('getPluginReport').then(({ report }) => showReport(report), () => {}); },
};

function connect (delay) {
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/');
  const connection = document.getElementById('connection');
  page.socket = socket;
  socket.onopen = () => {
    delay = 250;
    connection.textContent = 'connected'; connection.className = 'open';
    loadParameters().catch(() => {});
    rpc('getAudioStatus').then(({ status }) => showStatus(status), () => {});
    notifications.pluginReportChanged();
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if ('id' in message) {
      const waiting = page.pending.get(message.id);
      page.pending.delete(message.id);
      if (waiting) message.error ? waiting.reject(new Error(message.error.message)) : waiting.resolve(message.result);
    } else if (notifications[message.method]) {
      notifications[message.method](message.params);
    }
  };
  socket.onclose = () => {
    for (const waiting of page.pending.values()) waiting.reject(new Error('disconnected'));
    page.pending.clear();
    connection.textContent = 'reconnecting'; connection.className = '';
    showMeter('left', 0, 0); showMeter('right', 0, 0);
    setTimeout(() => connect(Math.min(delay * 2, 2000)), delay);
  };
}

window.wavecraftPage = page; // for a look from the browser's console
connect(250);
requestAnimationFrame(pollScope);
</script>
</body>
</html>
)html";
} // namespace

std::string ControlPage::html()
{
    return std::string (style) + markup + script;
}

} // namespace wavecraft
