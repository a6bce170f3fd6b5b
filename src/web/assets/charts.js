// Interactive charts of the report and compare pages: Chart.js (served from
// /static/chart.umd.js) fed by /api/runs/:id/series or the page's data-series-url.
// Series toggle through the legend; zoom is drag-to-select, Shift or Ctrl + wheel,
// double-click or "Reset zoom" to go back. All charts share one time
// range, so zooming one zooms all.
(() => {
  const LL = window.LoadLens;
  const { el } = LL;

  document.addEventListener('DOMContentLoaded', async () => {
    const list = document.getElementById('chart-list');
    if (!list || !window.Chart) return;
    const body = document.body.dataset;
    const S = LL.strings();
    const tag = body.locale === 'ru' ? 'ru-RU' : 'en-GB';
    const { roundTicks, timeLabel, full, num } = LL.chartTime(body.tz, tag);
    const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

    let data;
    try {
      data = await LL.api('GET', body.seriesUrl || `/api/runs/${encodeURIComponent(body.runId)}/series`);
    } catch (err) {
      list.replaceChildren(el('p', 'meta error', `${S.chartsFailed} (${err.message})`));
      return;
    }
    if (!data.charts.length) {
      list.replaceChildren(el('p', 'meta empty', S.chartsNone));
      return;
    }
    list.replaceChildren();

    const full0 = { min: data.window.from, max: data.window.to };
    const charts = [];
    let zoom = null;

    // The palette slot comes with the data (fixed by the planner), so a line has the same
    // colour here as in the PNG and PDF charts; older data falls back to counting normal lines.
    const colorOf = (d, i, all) => {
      if (d.kind === 'limit') return css('--chart-limit');
      if (d.kind === 'other') return css('--chart-other');
      const slot =
        typeof d.colorIndex === 'number'
          ? d.colorIndex
          : all.slice(0, i).filter((x) => x.kind !== 'limit' && x.kind !== 'other').length;
      return css(`--chart-${(slot % 6) + 1}`);
    };

    const markers = LL.chartMarkers(data.markers, css);

    const axisStyle = () => ({
      ticks: { color: css('--chart-muted') },
      grid: { color: css('--chart-grid') },
    });

    const config = (c) => {
      const y = {
        ...axisStyle(),
        beginAtZero: true,
        // Room above the lines for the step numbers and the peak label.
        grace: '20%',
        title: { display: true, text: c.left.title, color: css('--chart-muted') },
      };
      const scales = {
        x: {
          type: 'linear',
          min: full0.min,
          max: full0.max,
          ...axisStyle(),
          afterBuildTicks: (axis) => {
            axis.ticks = roundTicks(axis.min, axis.max, axis.width < 480 ? 5 : 8);
          },
          ticks: {
            color: css('--chart-muted'),
            maxRotation: 0,
            autoSkip: false,
            callback(v) {
              return timeLabel(this.max - this.min).format(v);
            },
          },
        },
        y,
      };
      if (c.right) {
        scales.y1 = {
          ...axisStyle(),
          position: 'right',
          beginAtZero: true,
          grace: '20%',
          grid: { drawOnChartArea: false },
          title: { display: true, text: c.right.title, color: css('--chart-muted') },
        };
      }
      return {
        type: 'line',
        data: {
          datasets: c.datasets.map((d, i) => ({
            label: d.label,
            data: d.points.map((p) => ({ x: p[0], y: p[1] })),
            yAxisID: d.axis === 'right' && c.right ? 'y1' : 'y',
            // Lower order is drawn last: dashed lines go over solid ones and stay visible.
            order: d.onTop || d.dashed ? -1 : 0,
            borderColor: colorOf(d, i, c.datasets),
            backgroundColor: colorOf(d, i, c.datasets),
            borderDash: d.dashed ? [6, 4] : [],
            borderWidth: d.onTop ? 1.5 : 2,
            pointRadius: 0,
            pointHitRadius: 6,
            tension: 0,
            spanGaps: false,
          })),
        },
        options: {
          animation: false,
          parsing: false,
          normalized: true,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          plugins: {
            legend: {
              position: 'bottom',
              labels: {
                color: css('--chart-text'),
                usePointStyle: true,
                pointStyle: 'line',
                // Legend in the planner's order, whatever the drawing order.
                sort: (a, b) => a.datasetIndex - b.datasetIndex,
              },
            },
            tooltip: {
              callbacks: {
                title: (items) => (items.length ? full.format(items[0].parsed.x) : ''),
                label: (item) => {
                  const axis = item.dataset.yAxisID === 'y1' ? c.right : c.left;
                  return `${item.dataset.label}: ${num.format(item.parsed.y)} ${axis.suffix}`.trim();
                },
              },
            },
          },
          scales,
        },
        plugins: [markers],
      };
    };

    const applyZoom = (z) => {
      zoom = z && z.max - z.min > 1000 ? z : null;
      for (const { chart, reset } of charts) {
        chart.options.scales.x.min = zoom ? zoom.min : full0.min;
        chart.options.scales.x.max = zoom ? zoom.max : full0.max;
        chart.update('none');
        reset.disabled = !zoom;
      }
    };

    const attachZoom = (chart, wrap, box) => {
      let start = null;
      const xAt = (e) => e.clientX - chart.canvas.getBoundingClientRect().left;
      // Only drags that start on the plot zoom: the legend below must keep its clicks.
      const inArea = (e) => {
        const r = chart.canvas.getBoundingClientRect();
        const a = chart.chartArea;
        const x = e.clientX - r.left;
        const y = e.clientY - r.top;
        return x >= a.left && x <= a.right && y >= a.top && y <= a.bottom;
      };
      const clampX = (x) => Math.min(chart.chartArea.right, Math.max(chart.chartArea.left, x));
      wrap.addEventListener('pointerdown', (e) => {
        if (e.button !== 0 || !inArea(e)) return;
        start = xAt(e);
        wrap.setPointerCapture(e.pointerId);
      });
      wrap.addEventListener('pointermove', (e) => {
        if (start === null) return;
        const x = clampX(xAt(e));
        box.hidden = false;
        box.style.left = `${Math.min(start, x)}px`;
        box.style.width = `${Math.abs(x - start)}px`;
      });
      const end = (e) => {
        if (start === null) return;
        const x = clampX(xAt(e));
        const from = Math.min(start, x);
        const to = Math.max(start, x);
        start = null;
        box.hidden = true;
        if (to - from < 6) return;
        applyZoom({ min: chart.scales.x.getValueForPixel(from), max: chart.scales.x.getValueForPixel(to) });
      };
      wrap.addEventListener('pointerup', end);
      wrap.addEventListener('pointercancel', () => {
        start = null;
        box.hidden = true;
      });
      wrap.addEventListener(
        'wheel',
        (e) => {
          if (!e.shiftKey && !e.ctrlKey) return;
          e.preventDefault();
          const { min, max } = chart.scales.x;
          const at = chart.scales.x.getValueForPixel(clampX(xAt(e)));
          const f = e.deltaY < 0 ? 0.8 : 1.25;
          applyZoom({
            min: Math.max(full0.min, at - (at - min) * f),
            max: Math.min(full0.max, at + (max - at) * f),
          });
        },
        { passive: false },
      );
      wrap.addEventListener('dblclick', () => applyZoom(null));
    };

    for (const c of data.charts) {
      const fig = el('figure', 'chart');
      fig.dataset.chart = c.id;
      const cap = el('figcaption');
      const reset = el('button', 'ghost reset', S.resetZoom);
      reset.type = 'button';
      reset.disabled = true;
      reset.addEventListener('click', () => applyZoom(null));
      cap.append(el('span', 'title', c.title), reset);
      const wrap = el('div', 'canvas-wrap');
      const canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', c.title);
      const box = el('div', 'zoom-box');
      box.hidden = true;
      wrap.append(canvas, box);
      fig.append(cap, wrap);
      list.append(fig);
      const chart = new window.Chart(canvas, config(c));
      charts.push({ chart, reset, spec: c });
      attachZoom(chart, wrap, box);
    }

    document.addEventListener('loadlens:theme', () => {
      const muted = css('--chart-muted');
      for (const { chart, spec } of charts) {
        chart.data.datasets.forEach((d, i) => {
          const color = colorOf(spec.datasets[i], i, spec.datasets);
          d.borderColor = color;
          d.backgroundColor = color;
        });
        for (const s of Object.values(chart.options.scales)) {
          s.ticks.color = muted;
          s.grid.color = css('--chart-grid');
          if (s.title) s.title.color = muted;
        }
        chart.options.plugins.legend.labels.color = css('--chart-text');
        chart.update('none');
      }
    });

    LL.charts = charts.map((c) => c.chart);
    LL.zoom = applyZoom;
    document.body.dataset.chartsReady = String(charts.length);
  });
})();
