// Starts GOV.UK Frontend's components (error summary focus, service navigation toggle, buttons …)
// on first load and again after Blazor's enhanced navigation swaps the page content.
import { initAll } from '/lib/govuk/govuk-frontend.min.js';

function start() {
  initAll();
}

start();
if (window.Blazor?.addEventListener) {
  window.Blazor.addEventListener('enhancedload', start);
}
