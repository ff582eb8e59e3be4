// KrakenBot dashboard: renders the state documents the bot pushes over server-sent events (/events).
// Plain script, no build step. Text is only ever set with textContent (never parsed as HTML).
'use strict';

const $ = (id) => document.getElementById(id);
const num = (text) => (text === null || text === undefined ? NaN : parseFloat(text));
// Exact decimal text without trailing zeros ("59994.0" -> "59994", "0.01000000" -> "0.01"): the same value, shorter.
const t = (text) => (text === null || text === undefined ? '–' : /^-?\d+\.\d+$/.test(text) ? text.replace(/\.?0+$/, '') : String(text));
// A quote-currency figure for reading (P&L, equity), rounded for the eye only.
const q = (text, digits) => (text === null || text === undefined || Number.isNaN(num(text)) ? '–' : num(text).toFixed(digits ?? 2));

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '–' : String(text);
  if (cls) td.className = cls;
  return td;
}

function fillBody(table, rows, build) {
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const item of rows) build(body.insertRow(), item);
}

// Times are shown in UTC, like the CLI's tables.
const utc = (iso) => new Date(iso).toISOString().slice(11, 19);

function percent(text, digits) {
  const v = num(text);
  return Number.isNaN(v) ? '–' : (v * 100).toFixed(digits ?? 3) + ' %';
}

function signed(el, text, suffix) {
  el.textContent = text === null || text === undefined ? '–' : q(text) + (suffix ? ' ' + suffix : '');
  const v = num(text);
  el.classList.toggle('positive', v > 0);
  el.classList.toggle('negative', v < 0);
}

function age(seconds) {
  if (seconds < 60) return seconds.toFixed(0) + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + Math.floor(seconds % 60) + ' s';
  return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
}

function renderHeader(s) {
  const mode = $('mode');
  mode.textContent = s.mode;
  mode.className = 'badge ' + s.mode;
  const st = s.strategy;
  $('title').textContent = st ? `${st.id} · ${st.kind} · ${s.pair} · ${s.exchange}` : `${s.exchange}${s.pair ? ' · ' + s.pair : ''} (no strategy here)`;
  const status = $('status');
  status.textContent = st ? st.status : 'account';
  status.className = 'badge status ' + (st ? st.status : '');
  const reason = $('reason');
  reason.hidden = !(st && st.reason);
  reason.textContent = st && st.reason ? 'Reason: ' + st.reason : '';
  const warnings = $('warnings');
  warnings.replaceChildren();
  for (const w of st ? st.warnings : []) {
    const li = document.createElement('li');
    li.textContent = w;
    warnings.appendChild(li);
  }
  document.title = `${st ? st.id + ' ' + st.status : 'account'} · ${s.mode} · KrakenBot`;
}

function renderBook(s) {
  const book = s.book;
  $('book-state').textContent = !book ? '(no pair)' : book.ready ? `mid ${t(book.mid)} · spread ${t(book.spread)}` : 'rebuilding…';
  // Keyed by value, not text: the book and the orders may write one price with different trailing zeros.
  const own = new Map();
  for (const o of s.orders) {
    const key = num(o.price);
    if (!own.has(key)) own.set(key, []);
    own.get(key).push(o);
  }
  const asks = new Map(), bids = new Map();
  for (const [p, a] of book ? book.asks : []) asks.set(num(p), [p, a]);
  for (const [p, a] of book ? book.bids : []) bids.set(num(p), [p, a]);
  for (const o of s.orders) {
    const side = o.side === 'sell' ? asks : bids;
    if (!side.has(num(o.price))) side.set(num(o.price), [o.price, null]); // beyond the shown depth, or a paper order
  }
  const body = $('ladder').tBodies[0];
  body.replaceChildren();
  const addRow = (key, price, bid, ask) => {
    const row = body.insertRow();
    cell(row, bid === null ? '' : t(bid), 'buy');
    cell(row, t(price), 'price');
    cell(row, ask === null ? '' : t(ask), 'sell');
    const mine = own.get(key);
    const mark = cell(row, mine ? mine.map((o) => `◀ ${o.level} ${t(o.remaining)}`).join(', ') : '', 'mark');
    if (mine) {
      row.classList.add('own');
      row.dataset.own = mine.map((o) => o.id).join(' ');
      mark.title = 'Own order';
    }
  };
  const desc = (a, b) => b[0] - a[0];
  for (const [k, [p, a]] of [...asks.entries()].sort(desc)) addRow(k, p, null, a);
  if (book) {
    const mid = body.insertRow();
    mid.className = 'mid';
    const td = cell(mid, book.ready ? `spread ${t(book.spread)}` : 'book rebuilding');
    td.colSpan = 4;
  }
  for (const [k, [p, a]] of [...bids.entries()].sort(desc)) addRow(k, p, a, null);
  drawDepth(book, s.orders);
}

function drawDepth(book, orders) {
  const canvas = $('depth');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (!book || !book.bids.length || !book.asks.length) return;
  const bids = book.bids.map(([p, a]) => [num(p), num(a)]);
  const asks = book.asks.map(([p, a]) => [num(p), num(a)]);
  const cum = (levels) => { let t = 0; return levels.map(([p, a]) => [p, (t += a)]); };
  const cb = cum(bids), ca = cum(asks);
  const prices = [...bids.map((l) => l[0]), ...asks.map((l) => l[0]), ...orders.map((o) => num(o.price))];
  const lo = Math.min(...prices), hi = Math.max(...prices);
  const top = Math.max(cb[cb.length - 1][1], ca[ca.length - 1][1]) * 1.05;
  const pad = 4, w = canvas.width - 2 * pad, h = canvas.height - 2 * pad - 12;
  const x = (p) => pad + (hi === lo ? w / 2 : ((p - lo) / (hi - lo)) * w);
  const y = (v) => pad + h - (v / top) * h;
  const area = (points, color) => {
    g.beginPath();
    g.moveTo(x(points[0][0]), y(0));
    for (const [p, v] of points) { g.lineTo(x(p), y(v)); }
    g.lineTo(x(points[points.length - 1][0]), y(0));
    g.closePath();
    g.fillStyle = color + '55';
    g.fill();
    g.strokeStyle = color;
    g.stroke();
  };
  area(cb, '#3fb950');
  area(ca, '#f85149');
  g.setLineDash([4, 3]);
  g.strokeStyle = '#d29922';
  for (const o of orders) {
    const px = x(num(o.price));
    g.beginPath(); g.moveTo(px, pad); g.lineTo(px, pad + h); g.stroke();
  }
  g.setLineDash([]);
  g.fillStyle = '#8a97a6';
  g.font = '11px system-ui';
  g.fillText(String(lo), pad, canvas.height - 2);
  const hiText = String(hi);
  g.fillText(hiText, canvas.width - pad - g.measureText(hiText).width, canvas.height - 2);
}

function renderOrders(s) {
  $('reference').textContent = s.reference ? `reference ${t(s.reference)}` : '';
  fillBody($('orders'), s.orders, (row, o) => {
    row.dataset.id = o.id;
    cell(row, o.level);
    cell(row, o.side, o.side);
    cell(row, t(o.price));
    cell(row, percent(o.spread, 3));
    cell(row, t(o.amount));
    cell(row, t(o.remaining));
    cell(row, age(o.age_seconds));
    cell(row, o.pending ? `${o.state} (${o.pending}…)` : o.state);
  });
  $('orders-empty').hidden = s.orders.length > 0;
}

function renderFills(s) {
  fillBody($('fills'), s.fills.slice(0, 15), (row, f) => {
    row.dataset.tradeId = f.trade_id;
    cell(row, utc(f.time));
    cell(row, f.side, f.side);
    cell(row, t(f.price));
    cell(row, t(f.amount));
    cell(row, `${t(f.fee)} ${f.fee_asset}`);
    cell(row, f.maker ? 'maker' : 'taker');
  });
  $('fills-empty').hidden = s.fills.length > 0;
  const more = $('fills-more');
  more.hidden = s.fills.length <= 15;
  more.textContent = `and ${s.fills.length - 15} earlier (the P&L counts every fill).`;
}

function renderPnl(s) {
  const p = s.pnl;
  const quote = s.pair ? s.pair.split('-')[1] : '';
  signed($('pnl-total'), p && p.total, quote);
  signed($('pnl-realized'), p && p.realized, quote);
  signed($('pnl-unrealized'), p && p.unrealized, quote);
  $('pnl-fees').textContent = p ? `${q(p.fees_in_quote, 4)} ${quote}` : '–';
  $('pnl-equity').textContent = p && p.equity ? `${q(p.equity)} ${quote}` : '–';
  $('pnl-return').textContent = p ? percent(p.return, 4) : '–';
  $('pnl-drawdown').textContent = p ? percent(p.drawdown, 4) : '–';
  $('pnl-trades').textContent = p ? `${p.trades} (${p.buys} buys, ${p.sells} sells)` : '–';
  drawEquity(s.equity);
}

function drawEquity(points) {
  drawLine($('equity'), (points || []).map((p) => [p[0], num(p[1])]));
}

function renderInventory(s) {
  const inv = s.inventory;
  const share = inv ? num(inv.current_base) : NaN;
  $('inventory-current').style.width = Number.isNaN(share) ? '0' : Math.min(100, share * 100) + '%';
  const target = inv ? num(inv.target_base) : NaN;
  $('inventory-target').hidden = Number.isNaN(target);
  if (!Number.isNaN(target)) $('inventory-target').style.left = target * 100 + '%';
  const lo = inv ? num(inv.range_low) : NaN, hi = inv ? num(inv.range_high) : NaN;
  const range = $('inventory-range');
  range.hidden = Number.isNaN(lo) || Number.isNaN(hi);
  if (!range.hidden) { range.style.left = lo * 100 + '%'; range.style.width = (hi - lo) * 100 + '%'; }
  $('inventory-text').textContent = !inv ? 'No strategy here.'
    : `Base share of value ${percent(inv.current_base, 2)}` + (Number.isNaN(target) ? ' (no inventory target set)' : `, target ${percent(inv.target_base, 2)}, range ${percent(inv.range_low, 2)} – ${percent(inv.range_high, 2)}`)
      + ` · ${t(inv.base)} ${s.pair.split('-')[0]}, ${q(inv.quote)} ${s.pair.split('-')[1]}`;
  fillBody($('balances'), s.balances, (row, b) => {
    cell(row, b.asset);
    cell(row, t(b.total));
    cell(row, t(b.available));
    cell(row, t(b.held));
  });
}

function renderHealth(s) {
  const h = s.health;
  const list = $('health');
  list.replaceChildren();
  const add = (cls, text, id) => {
    const li = document.createElement('li');
    li.className = cls;
    li.textContent = text;
    if (id) li.id = id;
    list.appendChild(li);
  };
  add(h.ready ? 'good' : 'bad', h.ready ? 'Connector ready' : 'Connector not ready', 'health-ready');
  for (const c of h.components) add(c.ready ? 'good' : 'bad', `${c.name}${c.ready ? '' : ': ' + (c.reason ?? 'not ready')}`);
  add(h.book_ready ? 'good' : 'bad', `Book ${h.book_ready ? 'exact' : 'rebuilding'} · ${h.book_resyncs} resync(s) seen`, 'health-book');
  const r = h.last_reconciliation;
  add('info', r ? `Last reconciliation ${utc(r.time)} UTC (${r.trigger}): ${r.orders_updated} order(s) updated, ${r.fills_recovered} fill(s) recovered` : 'No reconciliation since the dashboard started', 'health-reconciliation');
  add('info', `Dead man's switch: ${h.dead_man_switch}`, 'health-deadman');
  if (h.rate_counter) add(num(h.rate_counter.headroom) > 0 ? 'good' : 'bad', `Trading rate counter ${h.rate_counter.level} / ${h.rate_counter.max} (headroom ${h.rate_counter.headroom})`, 'health-rate');
  if (h.events_missed > 0) add('bad', `${h.events_missed} event(s) missed by the dashboard (it fell behind)`);
}

function render(s) {
  renderHeader(s);
  renderBook(s);
  renderOrders(s);
  renderFills(s);
  renderPnl(s);
  renderInventory(s);
  renderHealth(s);
  $('updated').textContent = utc(s.time) + ' UTC';
  document.body.dataset.status = s.strategy ? s.strategy.status : 'account';
  document.body.dataset.time = String(Date.parse(s.time));
  document.body.dataset.places = s.strategy && s.strategy.places !== undefined ? String(s.strategy.places) : '';
}

async function control(action, question) {
  if (!window.confirm(question)) return;
  const result = $('control-result');
  result.textContent = `${action}…`;
  try {
    const reply = await fetch('/api/control/' + action, { method: 'POST', headers: { 'X-KrakenBot-Dashboard': '1' }, credentials: 'same-origin' });
    result.textContent = (await reply.text()).trim();
  } catch (e) {
    result.textContent = `${action} failed: ${e}`;
  }
}

function wireControls() {
  $('controls').hidden = false;
  $('pause').addEventListener('click', () => control('pause', 'Pause the strategy? Its orders are cancelled and it stops quoting.'));
  $('resume').addEventListener('click', () => control('resume', 'Resume quoting?'));
  $('cancel-all').addEventListener('click', () => control('cancel-all', 'Cancel every open order on this pair? The strategy is paused first.'));
  $('stop').addEventListener('click', () => control('stop', 'Stop the bot? Its orders are cancelled and the process exits.'));
}

async function main() {
  const config = await (await fetch('/api/config', { credentials: 'same-origin' })).json();
  if (config.controls) wireControls();
  const events = new EventSource('/events');
  const conn = $('connection');
  events.addEventListener('open', () => { conn.textContent = 'connected'; conn.className = 'badge conn on'; });
  events.addEventListener('error', () => { conn.textContent = 'disconnected, retrying…'; conn.className = 'badge conn off'; });
  events.addEventListener('state', (e) => render(JSON.parse(e.data)));
}

main();
