// Exchanges a one-time code (never the cookie itself) for the sign-in cookie, then tells the app
// whether it worked: {kept: true} or {kept: false, error}.  Streamlit's component protocol
// (version 1), spoken directly; messages go only to our own page.
"use strict";

(function () {
  let claimed = null;

  function send(type, data) {
    window.parent.postMessage(Object.assign({isStreamlitMessage: true, type: type}, data), window.location.origin);
  }

  async function claim(code) {
    let value;
    try {
      const response = await fetch("/api/session/claim", {
        method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({claim: code}),
      });
      const body = await response.json();
      value = response.ok ? {kept: true} : {kept: false, error: body.error || ""};
    } catch {
      value = {kept: false, error: ""};
    }
    send("streamlit:setComponentValue", {value: value, dataType: "json"});
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
