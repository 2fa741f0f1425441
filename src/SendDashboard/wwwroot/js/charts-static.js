// Draws charts on pages rendered without a circuit, from the options ApexChart writes into data-apexchart.
// Same URL as the component's import, so both share one module and one set of charts.
import { initAll } from '/Components/Charts/ApexChart.razor.js';

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => initAll());
} else {
  initAll();
}

// Enhanced navigation swaps page content without a page load.
window.Blazor?.addEventListener('enhancedload', () => initAll());
