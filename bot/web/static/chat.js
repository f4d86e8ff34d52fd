// mspbot web chat: sends the visitor's messages, shows the bot's replies and
// polls for messages the bot sends on its own (confirmations, staff answers).
//
// Every text is written into the page as DOM text nodes (textContent); links
// are built as elements from what a pattern found, never from markup, and
// only http(s) and tel: links are made.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const text = document.getElementById("text");
  const status = document.getElementById("status");
  const shown = new Set();
  // Own messages shown before the server gave them an id.
  const pending = [];
  let busy = 0;
  let lang = (navigator.language || "de").toLowerCase().startsWith("de") ? "de" : "en";

  // A button whose action is "reply" stands for a typed answer: its value
  // is sent as the visitor's message (see handlers.ReplyAction).
  const REPLY = "reply";

  const ui = {
    de: {
      subtitle: "Fragen zu Ihrem Vertrag, Rückrufe, Herstellertermine",
      placeholder: "Ihre Nachricht …", label: "Nachricht", send: "Senden",
      greeting: "Guten Tag! Ich bin der Service-Assistent Ihres IT-Dienstleisters. Ich beantworte Fragen zu Ihrem Vertrag (mit Quelle), nehme Rückrufwünsche auf, plane Herstellertermine und halte Besprechungsprotokolle fest. Zum Beispiel:",
      examples: [
        "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?",
        "Bitte rufen Sie mich zurück.",
        "Unser Softwarehersteller braucht einen Termin für ein Update auf unserem Server.",
      ],
      lost: "Verbindung unterbrochen – bitte später erneut versuchen.",
      error: "Fehler",
    },
    en: {
      subtitle: "Questions about your contract, callbacks, vendor appointments",
      placeholder: "Your message …", label: "Message", send: "Send",
      greeting: "Hello! I am your IT service provider's assistant. I answer questions about your contract (with the source), take callback requests, schedule vendor appointments and record meeting protocols. For example:",
      examples: [
        "Is replacing a broken hard disk covered by our contract?",
        "Please call me back.",
        "Our software vendor needs access to our server for an update.",
      ],
      lost: "Connection lost – please try again later.",
      error: "Error",
    },
  };

  // setLang makes the page speak the conversation's language: the lang
  // attribute (screen readers, hyphenation) and the page's own words.
  function setLang(l) {
    if (l !== "de" && l !== "en") return;
    lang = l;
    document.documentElement.lang = l;
    const t = ui[l];
    document.getElementById("subtitle").textContent = t.subtitle;
    document.getElementById("text-label").textContent = t.label;
    document.getElementById("send").textContent = t.send;
    text.placeholder = t.placeholder;
  }

  // Phone numbers (international or with a leading 0, 7 to 15 digits) and
  // http(s) addresses become links.
  const linkRE = /(https?:\/\/[^\s<>"'“”„«»]+)|((?:\+|\b0)\d[\d \/-]{4,}\d)/g;

  function appendLinked(parent, s) {
    let last = 0;
    for (const m of s.matchAll(linkRE)) {
      let found = m[0];
      let href = null;
      if (m[1]) {
        found = found.replace(/[.,;:!?)\]]+$/, "");
        try {
          const u = new URL(found);
          if (u.protocol === "http:" || u.protocol === "https:") href = u.href;
        } catch (e) { /* not an address */ }
      } else {
        const before = m.index > 0 ? s[m.index - 1] : "";
        const digits = found.replace(/[^\d+]/g, "");
        const n = digits.replace("+", "").length;
        if (!/[\w.:-]/.test(before) && n >= 7 && n <= 15) href = "tel:" + digits;
      }
      if (!href) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(s.slice(last, m.index)));
      const a = document.createElement("a");
      a.href = href;
      a.textContent = found;
      if (href.startsWith("http")) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
      parent.appendChild(a);
      last = m.index + found.length;
    }
    if (last < s.length) parent.appendChild(document.createTextNode(s.slice(last)));
  }

  // disableButtons turns off the buttons of every message shown so far:
  // once the visitor has answered, the old choices are spent.
  function disableButtons(chosen) {
    for (const b of log.querySelectorAll(".buttons button")) {
      b.disabled = true;
      if (b === chosen) b.classList.add("chosen");
    }
  }

  // scrollToNewest keeps the newest message in view: its end, or its
  // beginning when it is taller than the list.
  function scrollToNewest(li) {
    if (li.offsetHeight > log.clientHeight) {
      log.scrollTop = li.offsetTop - log.offsetTop - 8;
    } else {
      log.scrollTop = log.scrollHeight;
    }
  }

  function render(cls, msg, onPress) {
    const li = document.createElement("li");
    li.className = cls;
    if (msg.id) li.dataset.id = msg.id;
    appendLinked(li, msg.text || "");
    if (msg.buttons && msg.buttons.length) {
      const box = document.createElement("div");
      box.className = "buttons";
      for (const b of msg.buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.label;
        if (b.style === "danger" || b.style === "primary") btn.className = b.style;
        btn.addEventListener("click", () => onPress(btn, msg, b));
        box.appendChild(btn);
      }
      li.appendChild(box);
    }
    log.appendChild(li);
    scrollToNewest(li);
    return li;
  }

  // add shows a message once; a visitor's own message that is already on
  // the page without an id (sent from here) only gets its id.
  function add(msg) {
    if (msg.id && shown.has(msg.id)) return;
    const mine = msg.from === "visitor";
    if (mine) {
      const i = pending.findIndex((p) => p.text === msg.text);
      if (i >= 0) {
        const p = pending.splice(i, 1)[0];
        p.li.dataset.id = msg.id;
        shown.add(msg.id);
        return;
      }
    }
    if (msg.id) shown.add(msg.id);
    render(mine ? "me" : "bot", msg, press);
    if (!mine && msg.meta && msg.meta.lang) setLang(msg.meta.lang);
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
    status.textContent = res.ok ? "" : (data.error || (ui[lang].error + " " + res.status));
    return data;
  }

  function typing() {
    const li = document.createElement("li");
    li.className = "bot typing";
    li.setAttribute("aria-hidden", "true");
    li.textContent = "…";
    log.appendChild(li);
    scrollToNewest(li);
    return li;
  }

  // exchange runs one request of the visitor's and shows what came back.
  async function exchange(path, body) {
    busy++;
    const dots = typing();
    try {
      const data = await call("POST", path, body);
      if (data.message) add(data.message);
      for (const r of (data.replies || [])) add(r);
    } catch (e) {
      status.textContent = ui[lang].lost;
    } finally {
      dots.remove();
      busy--;
    }
  }

  function send(t) {
    disableButtons(null);
    const li = render("me", { text: t }, press);
    pending.push({ text: t, li });
    return exchange("/chat/messages", { text: t });
  }

  function press(btn, msg, b) {
    if (btn.disabled) return;
    disableButtons(btn);
    if (b.action === REPLY) {
      return send(b.value || b.label);
    }
    return exchange("/chat/buttons", { message_id: msg.id, action: b.action, value: b.value || "" });
  }

  // The greeting of an empty chat, in the browser's language: what the
  // assistant does and three example questions as buttons. It is the
  // page's own, not part of the conversation, so a reload does not repeat it.
  function greet() {
    const t = ui[lang];
    render("bot greeting", {
      text: t.greeting,
      buttons: t.examples.map((q) => ({ action: REPLY, value: q, label: q })),
    }, press);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const t = text.value.trim();
    if (!t) return;
    text.value = "";
    send(t);
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });

  async function poll() {
    if (busy) return;
    try {
      const data = await call("GET", "/chat/messages");
      if (busy) return;
      for (const m of (data.messages || [])) add(m);
    } catch (e) { status.textContent = ui[lang].lost; }
  }

  async function start() {
    setLang(lang);
    try {
      const data = await call("GET", "/chat/messages");
      const msgs = data.messages || [];
      for (const m of msgs) add(m);
      // Only the buttons after the visitor's last message are still open.
      let lastMine = -1;
      msgs.forEach((m, i) => { if (m.from === "visitor") lastMine = i; });
      for (const m of msgs.slice(0, lastMine + 1)) {
        const li = log.querySelector("li[data-id=\"" + CSS.escape(m.id) + "\"]");
        if (li) for (const b of li.querySelectorAll(".buttons button")) b.disabled = true;
      }
      if (msgs.length === 0) greet();
    } catch (e) { status.textContent = ui[lang].lost; }
    setInterval(poll, 4000);
  }
  start();
})();
