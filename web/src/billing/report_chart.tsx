// SPDX-License-Identifier: AGPL-3.0-or-later
// A grouped bar chart drawn by uPlot (canvas): one group of bars per category, one bar per
// series. The canvas is an image to assistive technology, named by a sentence that gives every
// figure; each report also shows the same figures in a table beside it.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatCents } from "../components";

/** Bar colours (at least 3:1 against white); the legend's swatches use the same, by index. */
const palette = ["#0b5394", "#b35900", "#1e6b34", "#6a1b9a"];

export interface ChartSeries {
  label: string;
  values: number[];
}

export type ChartUnit = "cents" | "percent";

export function formatValue(unit: ChartUnit, v: number): string {
  return unit === "cents" ? formatCents(Math.round(v)) : `${Math.round(v * 10) / 10}%`;
}

function axisValue(unit: ChartUnit, v: number): string {
  return unit === "cents" ? `$${(v / 100).toLocaleString("en-US")}` : `${v}%`;
}

/** "0–30 days: Insurance $180.00, Patient $85.00; 31–60 days: …" */
export function chartSummary(categories: string[], series: ChartSeries[], unit: ChartUnit): string {
  return categories
    .map((c, i) => `${c}: ${series.map((s) => `${s.label} ${formatValue(unit, s.values[i] ?? 0)}`).join(", ")}`)
    .join("; ");
}

export function BarChart(p: {
  title: string;
  categories: string[];
  series: ChartSeries[];
  unit: ChartUnit;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const height = p.height ?? 240;
  const data = JSON.stringify([p.categories, p.series, p.unit]);

  useEffect(() => {
    const el = box.current;
    if (!el || p.categories.length === 0) return;
    const xs = p.categories.map((_, i) => i);
    const group = 0.8;
    const w = group / Math.max(1, p.series.length);
    const unit = 1 as uPlot.Series.BarsPathBuilderFacetUnit; // scale values (a const enum in the types)
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: false, range: [-0.5, p.categories.length - 0.5] },
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          stroke: "#1f2328",
          grid: { show: false },
          ticks: { show: false },
          splits: () => xs,
          values: (_u, splits) => splits.map((i) => p.categories[i] ?? ""),
        },
        {
          stroke: "#1f2328",
          size: 80,
          grid: { stroke: "#e3e6ea" },
          values: (_u, splits) => splits.map((v) => axisValue(p.unit, v)),
        },
      ],
      series: [
        {},
        ...p.series.map((s, k) => ({
          label: s.label,
          fill: palette[k % palette.length],
          stroke: palette[k % palette.length],
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars!({
            disp: {
              x0: { unit, values: (u: uPlot) => (u.data[0] as number[]).map((x) => x - group / 2 + k * w) },
              size: { unit, values: (u: uPlot) => (u.data[0] as number[]).map(() => w * 0.9) },
            },
          }),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...p.series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, height]);

  return (
    <figure class="chart">
      <figcaption>{p.title}</figcaption>
      <div
        ref={box}
        class="chart-canvas"
        role="img"
        aria-label={`Bar chart, ${p.title}. ${chartSummary(p.categories, p.series, p.unit)}.`}
      />
      {p.series.length > 1 && (
        <ul class="chart-legend" aria-hidden="true">
          {p.series.map((s, k) => (
            <li key={s.label}>
              <span class={`swatch swatch-${k % palette.length}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
