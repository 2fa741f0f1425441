// Marks the page as having JavaScript before anything is drawn, as GOV.UK Frontend expects
// (a file rather than an inline script, so the Content-Security-Policy can refuse all inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
