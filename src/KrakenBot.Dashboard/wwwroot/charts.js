// Small canvas line chart shared by the live page and the backtest report page. Plain script, no build step.
'use strict';

// Draws points [[x, y], ...] (numbers) on a canvas; label(lo, hi) names the vertical range under the chart.
function drawLine(canvas, points, color, label) {
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (!points || points.length < 2) {
    g.fillStyle = '#8a97a6';
    g.font = '12px system-ui';
    g.fillText('Waiting for samples…', 8, 20);
    return;
  }
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  const x0 = xs[0], x1 = xs[xs.length - 1];
  let lo = Math.min(...ys), hi = Math.max(...ys);
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = 6, w = canvas.width - 2 * pad, h = canvas.height - 2 * pad - 12;
  const x = (v) => pad + ((v - x0) / Math.max(1, x1 - x0)) * w;
  const y = (v) => pad + h - ((v - lo) / (hi - lo)) * h;
  g.strokeStyle = color || (ys[ys.length - 1] >= ys[0] ? '#3fb950' : '#f85149');
  g.lineWidth = 1.5;
  g.beginPath();
  points.forEach((p, i) => (i ? g.lineTo(x(p[0]), y(p[1])) : g.moveTo(x(p[0]), y(p[1]))));
  g.stroke();
  g.fillStyle = '#8a97a6';
  g.font = '11px system-ui';
  g.fillText(label ? label(lo, hi) : `${lo.toFixed(2)} – ${hi.toFixed(2)}`, pad, canvas.height - 2);
}
