// Backtest report viewer: reads a `krakenbot backtest --report` JSON file in the browser (FileReader; nothing is
// uploaded) and shows its figures, equity and mid price, and fills. Text is only set with textContent.
'use strict';

const el = (id) => document.getElementById(id);
const n = (text) => (text === null || text === undefined ? NaN : parseFloat(text));
const exact = (text) => (text === null || text === undefined ? '–' : /^-?\d+\.\d+$/.test(text) ? text.replace(/\.?0+$/, '') : String(text));
const fixed = (text, digits) => (Number.isNaN(n(text)) ? '–' : n(text).toFixed(digits));
const pct = (text) => (Number.isNaN(n(text)) ? '–' : (n(text) * 100).toFixed(3) + ' %');

function show(report) {
  const quote = report.pair ? report.pair.split('-')[1] : '';
  el('report-title').textContent = `${report.strategy} · ${report.kind} · ${report.pair} · ${report.from} → ${report.to}`;
  const rows = [
    ['Outcome', report.outcome],
    ['Total P&L', `${fixed(report.total_pnl, 2)} ${quote}`],
    ['Realized', `${fixed(report.realized_pnl, 2)} ${quote}`],
    ['Unrealized', `${fixed(report.unrealized_pnl, 2)} ${quote}`],
    ['Fees', `${fixed(report.fees_in_quote, 4)} ${quote}`],
    ['Return', pct(report.return)],
    ['Versus holding', `${fixed(report.versus_hold, 2)} ${quote}`],
    ['Max drawdown', pct(report.max_drawdown)],
    ['Trades', `${report.trades} (${report.buys} buys, ${report.sells} sells)`],
    ['Orders placed / filled', `${report.orders_placed} / ${report.orders_filled}`],
    ['Base / quote volume', `${exact(report.base_volume)} / ${exact(report.quote_volume)}`],
    ['Start → end balances', report.balances ? `${exact(report.balances.start_base)} + ${exact(report.balances.start_quote)} → ${exact(report.balances.end_base)} + ${exact(report.balances.end_quote)}` : '–'],
    ['Replay', report.replay ? `${report.replay.records} records, ${report.replay.gaps} gap(s)` : '–'],
  ];
  const dl = el('summary');
  dl.replaceChildren();
  for (const [name, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value ?? '–';
    dd.dataset.name = name;
    dl.append(dt, dd);
  }
  const samples = report.samples || [];
  drawLine(el('report-equity'), samples.map((s) => [Date.parse(s.time), n(s.equity)]));
  drawLine(el('report-mid'), samples.map((s) => [Date.parse(s.time), n(s.mid)]), '#58a6ff');
  const fills = report.fills || [];
  el('report-fill-count').textContent = `(${fills.length})`;
  const body = el('report-fills').tBodies[0];
  body.replaceChildren();
  for (const f of fills) {
    const row = body.insertRow();
    for (const [text, cls] of [[new Date(f.time).toISOString().slice(11, 23), null], [f.side, f.side], [exact(f.price)], [exact(f.amount)],
      [`${exact(f.fee)} ${f.fee_asset}`], [f.maker ? 'maker' : 'taker']]) {
      const td = row.insertCell();
      td.textContent = text;
      if (cls) td.className = cls;
    }
  }
  el('report').hidden = false;
  el('error').hidden = true;
}

el('file').addEventListener('change', () => {
  const file = el('file').files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    try {
      const report = JSON.parse(reader.result);
      if (!report || typeof report !== 'object' || !('total_pnl' in report) || !('fills' in report))
        throw new Error('it has no total_pnl or fills: write one with krakenbot backtest --report FILE');
      show(report);
    } catch (e) {
      el('report').hidden = true;
      el('error').hidden = false;
      el('error').textContent = `${file.name} is not a backtest report: ${e.message}`;
    }
  };
  reader.readAsText(file);
});
