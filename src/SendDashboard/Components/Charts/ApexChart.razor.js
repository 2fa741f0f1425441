import ApexCharts from '/lib/apexcharts/apexcharts.esm.js';

// One chart per host element, so drawing twice (static init, then interop; a reconnect) updates instead of stacking charts.
const charts = new WeakMap();
// Strong references only so hosts removed from the page can be destroyed: apexcharts keeps window listeners until then.
const hosts = new Set();

export function render(el, optionsJson, decimals, unit) {
  sweep();
  const state = charts.get(el);
  // Enhanced navigation can keep the host element but empty it, leaving a chart with nothing on screen.
  if (state && el.querySelector('.apexcharts-canvas')) return update(el, optionsJson, decimals, unit);
  if (state) dispose(el);

  const chart = new ApexCharts(el, withFormatters(JSON.parse(optionsJson), decimals, unit));
  charts.set(el, { chart, json: optionsJson, decimals, unit });
  hosts.add(el);
  return chart.render().then(() => downloadButton(el)?.removeAttribute('hidden'));
}

export function update(el, optionsJson, decimals, unit) {
  const state = charts.get(el);
  if (!state) return render(el, optionsJson, decimals, unit);
  if (state.json === optionsJson && state.decimals === decimals && state.unit === unit) return;

  Object.assign(state, { json: optionsJson, decimals, unit });
  // Series travel inside the options, so one call changes data, categories and formatting together.
  return state.chart.updateOptions(withFormatters(JSON.parse(optionsJson), decimals, unit), false, false);
}

export function dispose(el) {
  const state = charts.get(el);
  charts.delete(el);
  hosts.delete(el);
  state?.chart.destroy();
}

/** Draws every chart under root that was rendered without a circuit: static pages, prerendering, enhanced navigation. */
export function initAll(root = document) {
  for (const el of root.querySelectorAll('[data-apexchart]')) {
    render(el, el.dataset.apexchart, Number(el.dataset.decimals ?? 0), el.dataset.unit ?? '');
  }
}

function sweep() {
  for (const el of hosts) {
    if (!el.isConnected) dispose(el);
  }
}

function withFormatters(options, decimals, unit) {
  const number = v => v.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const value = v => (typeof v === 'number' && Number.isFinite(v) ? number(v) + unit : 'no figure');
  // Axis ticks are round numbers: "20%" reads better than "20.0%". Non-numbers are category labels, left as they are.
  const tick = options.chart.stackType === '100%'
    ? v => (typeof v === 'number' ? `${Math.round(v)}%` : v)
    : v => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-GB') + unit : value(v)) : v);

  const valueAxis = options.plotOptions?.bar?.horizontal ? options.xaxis : options.yaxis;
  valueAxis.labels = { ...valueAxis.labels, formatter: tick };
  options.tooltip = { ...options.tooltip, y: { formatter: value } };
  return options;
}

function downloadButton(el) {
  return el.id ? document.querySelector(`[data-chart-download="${CSS.escape(el.id)}"]`) : null;
}

// The download button lives outside the role="img" host, where it can take keyboard focus.
document.addEventListener('click', async event => {
  const button = event.target instanceof Element ? event.target.closest('[data-chart-download]') : null;
  const el = button && document.getElementById(button.dataset.chartDownload);
  const state = el && charts.get(el);
  if (!state) return;

  const { imgURI } = await state.chart.dataURI({ scale: 2 });
  const link = document.createElement('a');
  link.href = imgURI;
  link.download = `${el.id.replace(/-chart$/, '')}.png`;
  link.click();
});

// Tooltips appear on hover; Escape hides them without moving the pointer (WCAG 1.4.13).
document.addEventListener('keydown', event => {
  if (event.key !== 'Escape') return;
  for (const el of hosts) {
    el.querySelectorAll('.apexcharts-tooltip.apexcharts-active, .apexcharts-xaxistooltip.apexcharts-active')
      .forEach(tip => tip.classList.remove('apexcharts-active'));
  }
});
