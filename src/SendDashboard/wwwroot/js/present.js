// Present mode and its presenter-notes window (Features/Meetings/PresentPage.razor, PresenterNotesPage.razor).
// The pages work without this file: every screen is a page of its own with real previous and next links. This adds
// the keyboard (→ / PageDown / Space next, ← / PageUp / Shift+Space back, Home first, End last, Escape leaves), the
// elapsed-time clock (kept in sessionStorage, so it runs on across screens and into the notes window, which a
// window.open copies sessionStorage to), and keeps the two windows on the same item through a BroadcastChannel.

const state = () => {
  const root = document.querySelector('[data-present]');
  if (!root) return null;
  const d = root.dataset;
  return {
    root,
    meeting: d.meeting,
    screen: Number(d.screen),
    last: Number(d.screens),
    mode: d.mode,
    presentBase: d.presentBase,
    notesBase: d.notesBase,
    exit: d.exit,
  };
};

const address = (base, n) => (n <= 0 ? base : `${base}/${n}`);

const channels = new Map();
function channel(meeting) {
  if (!('BroadcastChannel' in window)) return null;
  if (!channels.has(meeting)) {
    const c = new BroadcastChannel(`senddash-meeting-${meeting}`);
    // The other window moved: follow it, without telling it back.
    c.addEventListener('message', event => {
      const s = state();
      const n = Number(event.data?.screen);
      if (!s || s.meeting !== meeting || !Number.isInteger(n) || n === s.screen) return;
      location.assign(address(s.mode === 'notes' ? s.notesBase : s.presentBase, Math.min(Math.max(n, 0), s.last)));
    });
    channels.set(meeting, c);
  }
  return channels.get(meeting);
}

function go(n) {
  const s = state();
  if (!s) return;
  const to = Math.min(Math.max(n, 0), s.last);
  if (to === s.screen) return;
  channel(s.meeting)?.postMessage({ screen: to });
  location.assign(address(s.mode === 'notes' ? s.notesBase : s.presentBase, to));
}

const timerKey = meeting => `senddash-present-${meeting}-started`;

function startedAt(meeting) {
  let at = Number(sessionStorage.getItem(timerKey(meeting)));
  if (!at) {
    at = Date.now();
    sessionStorage.setItem(timerKey(meeting), String(at));
  }
  return at;
}

function elapsedWords(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

let ticking = null;
function tick() {
  const s = state();
  if (!s) return;
  const at = startedAt(s.meeting);
  for (const el of document.querySelectorAll('[data-present-timer]')) el.textContent = elapsedWords(Date.now() - at);
}

function init() {
  const s = state();
  if (!s) return;
  channel(s.meeting);
  for (const el of document.querySelectorAll('[data-present-clock]')) el.hidden = false;
  tick();
  ticking ??= setInterval(tick, 1000);
  for (const button of document.querySelectorAll('[data-present-open-notes]')) button.hidden = false;
  for (const button of document.querySelectorAll('[data-present-restart]')) button.hidden = false;
  // A screen reached by its links (or reloaded) brings the notes window with it.
  if (s.mode === 'present') channel(s.meeting)?.postMessage({ screen: s.screen });
}

const interactive = el => el instanceof Element && el.closest('a, button, summary, input, select, textarea, [contenteditable="true"]');

document.addEventListener('keydown', event => {
  const s = state();
  if (!s || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target instanceof Element && event.target.closest('input, select, textarea, [contenteditable="true"]')) return;
  let to = null;
  switch (event.key) {
    case 'ArrowRight':
    case 'PageDown':
      to = s.screen + 1;
      break;
    case 'ArrowLeft':
    case 'PageUp':
      to = s.screen - 1;
      break;
    case ' ':
      // Space on a link, button or details summary does what it always does.
      if (interactive(event.target)) return;
      to = event.shiftKey ? s.screen - 1 : s.screen + 1;
      break;
    case 'Home':
      to = 0;
      break;
    case 'End':
      to = s.last;
      break;
    case 'Escape':
      if (s.mode !== 'present' || !s.exit) return;
      event.preventDefault();
      location.assign(s.exit);
      return;
    default:
      return;
  }
  event.preventDefault();
  go(to);
});

document.addEventListener('click', event => {
  const s = state();
  if (!s || !(event.target instanceof Element)) return;
  if (event.target.closest('[data-present-open-notes]')) {
    window.open(address(s.notesBase, s.screen), `senddash-notes-${s.meeting}`, 'popup,width=960,height=720');
  } else if (event.target.closest('[data-present-restart]')) {
    sessionStorage.setItem(timerKey(s.meeting), String(Date.now()));
    tick();
  }
});

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
window.Blazor?.addEventListener?.('enhancedload', init);
