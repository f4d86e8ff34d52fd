// The staff page's live view: polls the staff conversation and presses
// buttons as the signed-in staff member. Messages are shown as text only.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live) { return; }
  var csrf = live.dataset.csrf;
  var poll = parseInt(live.dataset.poll, 10) || 3000;
  var feed = document.getElementById('feed');
  var status = document.getElementById('status');
  var result = document.getElementById('result');
  var shown = '';

  function render(messages) {
    var key = JSON.stringify(messages);
    if (key === shown) { return; }
    shown = key;
    feed.textContent = '';
    messages.slice().reverse().forEach(function (m) {
      var li = document.createElement('li');
      li.id = 'msg-' + m.id;
      li.dataset.id = m.id;
      if (m.record) { li.dataset.record = m.record.id; li.dataset.state = m.record.state; }
      var time = document.createElement('time');
      time.textContent = new Date(m.time).toLocaleString();
      var text = document.createElement('div');
      text.className = 'text';
      text.textContent = m.text;
      li.appendChild(time);
      li.appendChild(text);
      if (m.buttons && m.buttons.length) {
        var row = document.createElement('div');
        row.className = 'buttons';
        m.buttons.forEach(function (b) {
          var btn = document.createElement('button');
          btn.type = 'button';
          btn.textContent = b.label;
          btn.dataset.action = b.action;
          btn.dataset.value = b.value || '';
          if (b.style) { btn.className = b.style; }
          btn.addEventListener('click', function () { press(m.id, b, btn); });
          row.appendChild(btn);
        });
        li.appendChild(row);
      }
      feed.appendChild(li);
    });
  }

  function load() {
    fetch('/staff/messages', { headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        if (r.status === 401) { status.textContent = 'Signed out: reload the page to sign in again.'; return null; }
        return r.json();
      })
      .then(function (body) {
        if (!body) { return; }
        if (body.error) { status.textContent = body.error; return; }
        status.textContent = '';
        render(body.messages || []);
      })
      .catch(function () { status.textContent = 'Connection lost, retrying …'; });
  }

  function press(id, b, btn) {
    btn.disabled = true;
    fetch('/staff/buttons', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ message_id: id, action: b.action, value: b.value || '' })
    }).then(function (r) { return r.json(); })
      .then(function (body) {
        var replies = (body.replies || []).map(function (x) { return x.text; }).join('\n');
        result.textContent = body.error ? body.error : (replies || 'Done.');
        result.dataset.outcome = body.error ? 'error' : 'ok';
        load();
      })
      .catch(function () { result.textContent = 'Could not reach the bot, try again.'; result.dataset.outcome = 'error'; })
      .finally(function () { btn.disabled = false; });
  }

  load();
  setInterval(load, poll);
})();
