// mspbot web chat: sends the visitor's messages, shows the bot's replies and
// polls for messages the bot sends on its own (confirmations, staff answers).
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const text = document.getElementById("text");
  const status = document.getElementById("status");
  const shown = new Set();

  function add(cls, msg) {
    if (msg.id) {
      if (shown.has(msg.id)) return;
      shown.add(msg.id);
    }
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = msg.text;
    if (msg.buttons && msg.buttons.length) {
      const box = document.createElement("div");
      box.className = "buttons";
      for (const b of msg.buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.label;
        if (b.style === "danger") btn.className = "danger";
        btn.addEventListener("click", () => press(msg.id, b));
        box.appendChild(btn);
      }
      li.appendChild(box);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  async function call(method, path, body) {
    const opts = { method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(path, opts);
    let data = {};
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    status.textContent = res.ok ? "" : (data.error || ("Fehler / error " + res.status));
    return data;
  }

  function showReplies(data) {
    for (const r of (data.replies || [])) add("bot", r);
  }

  async function press(id, b) {
    showReplies(await call("POST", "/chat/buttons", { message_id: id, action: b.action, value: b.value || "" }));
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const t = text.value.trim();
    if (!t) return;
    text.value = "";
    add("me", { text: t });
    showReplies(await call("POST", "/chat/messages", { text: t }));
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });

  async function poll() {
    try {
      const data = await call("GET", "/chat/messages");
      for (const m of (data.messages || [])) add("bot", m);
    } catch (e) { status.textContent = "Verbindung unterbrochen / connection lost"; }
  }
  poll();
  setInterval(poll, 4000);
})();
