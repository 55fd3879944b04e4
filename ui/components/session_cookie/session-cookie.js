// Exchanges a one-time code (never the cookie itself) for the sign-in cookie, once.  It sends the
// app no value back: a value would rerun the page, which could race a tap the walker has just
// made.  Streamlit's component protocol (version 1), spoken directly; messages go only to our page.
"use strict";

(function () {
  let claimed = null;

  function send(type, data) {
    window.parent.postMessage(Object.assign({isStreamlitMessage: true, type: type}, data), window.location.origin);
  }

  function claim(code) {
    // The sign-in still lasts until the page is reloaded if this fails: nothing to tell the app.
    fetch("/api/session/claim", {
      method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({claim: code}),
    }).catch(() => undefined);
  }

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (event.source !== window.parent || !message || message.type !== "streamlit:render") return;
    const code = (message.args || {}).claim;
    if (code && code !== claimed) {
      claimed = code;
      claim(code);
    }
  });
  send("streamlit:componentReady", {apiVersion: 1});
  send("streamlit:setFrameHeight", {height: 0});
})();
