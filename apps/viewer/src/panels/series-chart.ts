import { formatSimTime } from './dom.ts';

/** Draws a small line chart of `[simTimeMs, value]` points on a canvas, with its range and time span. */
export function drawSeries(
  canvas: HTMLCanvasElement,
  points: readonly (readonly [number, number])[],
  options: { readonly label: string; readonly min: number; readonly max: number },
): void {
  const g = canvas.getContext('2d');
  if (g === null) return;
  const { width, height } = canvas;
  const pad = { left: 34, right: 6, top: 6, bottom: 16 };
  g.clearRect(0, 0, width, height);
  g.font = '10px system-ui, sans-serif';
  g.fillStyle = '#6b7280';
  g.strokeStyle = '#d1d5db';
  g.lineWidth = 1;
  g.strokeRect(pad.left, pad.top, width - pad.left - pad.right, height - pad.top - pad.bottom);
  g.fillText(`${Math.round(options.max * 100)}%`, 2, pad.top + 8);
  g.fillText(`${Math.round(options.min * 100)}%`, 2, height - pad.bottom);
  if (points.length === 0) {
    g.fillText(`${options.label}: no samples yet`, pad.left + 6, height / 2);
    return;
  }
  const t0 = points[0]![0];
  const t1 = Math.max(points[points.length - 1]![0], t0 + 1);
  const x = (t: number): number => pad.left + ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (v: number): number =>
    height - pad.bottom - ((v - options.min) / (options.max - options.min)) * (height - pad.top - pad.bottom);
  g.strokeStyle = '#2563eb';
  g.lineWidth = 1.5;
  g.beginPath();
  points.forEach(([t, v], i) => (i === 0 ? g.moveTo(x(t), y(v)) : g.lineTo(x(t), y(v))));
  g.stroke();
  g.fillStyle = '#6b7280';
  g.fillText(formatSimTime(t0), pad.left, height - 3);
  const end = formatSimTime(t1);
  g.fillText(end, width - pad.right - g.measureText(end).width, height - 3);
}
