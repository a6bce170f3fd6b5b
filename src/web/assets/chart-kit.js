// Helpers of the interactive charts (charts.js): time ticks at round wall-clock times in
// the report's zone, as on the PNG charts, and the step/peak/drop markers plugin.
(() => {
  const LL = window.LoadLens;

  /** Tick positions, tick labels and tooltip formats for a zone and a locale tag. */
  LL.chartTime = (tz, tag) => {
    const NICE = [
      10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
    ];
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const offsetAt = (ms) => {
      const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
    };
    const tickStep = (span, maxTicks) =>
      (NICE.find((s) => span / (s * 1000) <= maxTicks - 1) ?? 604800) * 1000;
    const roundTicks = (min, max, maxTicks) => {
      const step = tickStep(max - min, maxTicks);
      const offset = offsetAt(min);
      const out = [];
      for (
        let t = Math.ceil((min + offset) / step) * step - offset;
        t <= max && out.length < 100;
        t += step
      ) {
        out.push({ value: t });
      }
      return out;
    };
    const labelFormats = new Map();
    const timeLabel = (span) => {
      const seconds = tickStep(span, 8) < 60_000;
      const days = span > 86_400_000;
      const key = `${seconds}${days}`;
      if (!labelFormats.has(key)) {
        labelFormats.set(
          key,
          new Intl.DateTimeFormat(tag, {
            timeZone: tz,
            hourCycle: 'h23',
            hour: '2-digit',
            minute: '2-digit',
            ...(seconds ? { second: '2-digit' } : {}),
            ...(days ? { day: '2-digit', month: '2-digit' } : {}),
          }),
        );
      }
      return labelFormats.get(key);
    };
    const num = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
    const full = new Intl.DateTimeFormat(tag, {
      timeZone: tz,
      hourCycle: 'h23',
      day: '2-digit',
      month: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    return { roundTicks, timeLabel, full, num };
  };

  /**
   * A Chart.js plugin drawing step bands, the peak band and the drop line under the lines,
   * and over them the step numbers (`step 3`, or `3` where the bands are narrow) and the peak label.
   */
  LL.chartMarkers = (data, css) => {
    const FONT = '12px system-ui, "DejaVu Sans", sans-serif';
    return {
      id: 'loadlensMarkers',
      beforeDatasetsDraw(chart) {
        const { ctx, chartArea: a, scales } = chart;
        const x = scales.x;
        const px = (v) => Math.min(a.right, Math.max(a.left, x.getPixelForValue(v)));
        ctx.save();
        data.steps.forEach(([from, to], i) => {
          if (i % 2 === 1) {
            ctx.fillStyle = css('--chart-step');
            ctx.fillRect(px(from), a.top, px(to) - px(from), a.bottom - a.top);
          }
        });
        const peak = data.peak;
        if (peak) {
          ctx.fillStyle = css('--chart-peak');
          ctx.fillRect(px(peak.from), a.top, px(peak.to) - px(peak.from), a.bottom - a.top);
        }
        const drop = data.drop;
        if (drop && drop.at >= x.min && drop.at <= x.max) {
          ctx.strokeStyle = css('--chart-drop');
          ctx.setLineDash([5, 4]);
          ctx.beginPath();
          ctx.moveTo(px(drop.at), a.top);
          ctx.lineTo(px(drop.at), a.bottom);
          ctx.stroke();
        }
        ctx.restore();
      },
      afterDatasetsDraw(chart) {
        const { ctx, chartArea: a, scales } = chart;
        const x = scales.x;
        const px = (v) => Math.min(a.right, Math.max(a.left, x.getPixelForValue(v)));
        ctx.save();
        ctx.font = FONT;
        ctx.textBaseline = 'top';
        ctx.textAlign = 'center';
        ctx.fillStyle = css('--chart-muted');
        const spans = data.steps.map(([from, to]) => [px(from), px(to)]);
        const room = (text, [x0, x1]) => ctx.measureText(text).width + 8 <= x1 - x0;
        const word = data.stepWord;
        const long = word && spans.every((s, i) => room(`${word} ${i + 1}`, s));
        spans.forEach((s, i) => {
          const text = long ? `${word} ${i + 1}` : String(i + 1);
          if (room(text, s)) ctx.fillText(text, (s[0] + s[1]) / 2, a.top + 3);
        });
        const peak = data.peak;
        if (peak && px(peak.to) - px(peak.from) > 40) {
          ctx.textAlign = 'left';
          ctx.fillStyle = css('--chart-peak-text');
          ctx.font = `bold ${FONT}`;
          ctx.fillText(peak.label, px(peak.from) + 4, a.top + (spans.length ? 19 : 3));
        }
        ctx.restore();
      },
    };
  };
})();
