// "Use my location": asks the browser where the phone is (navigator.geolocation, high accuracy,
// with a time limit) and sends the answer to the app, which reads it in geo/geolocation.py:
//   {lat, lon, accuracy, n}  or  {error: "denied" | "unavailable" | "timeout" | "unsupported", n}
// n counts the presses, so the app sees every answer, even the same one twice.  The words a
// walker reads about an error are the app's (geo.geolocation.ERRORS), not this script's.
// Speaks Streamlit's component protocol (version 1) itself: there is no library to load.
"use strict";

(function () {
  const button = document.getElementById("locate");
  const status = document.getElementById("status");
  const REASONS = {1: "denied", 2: "unavailable", 3: "timeout"}; // GeolocationPositionError codes
  let args = {label: "Use my location", waiting: "Finding your position…", timeout_ms: 20000};
  let presses = 0;

  // Messages go to the app's own page only: frame-ancestors 'self' means our parent is same-origin.
  function send(type, data) {
    window.parent.postMessage(Object.assign({isStreamlitMessage: true, type: type}, data), window.location.origin);
  }

  function fitFrame() {
    send("streamlit:setFrameHeight", {height: Math.ceil(document.body.getBoundingClientRect().height) + 4});
  }

  function answer(n, value) {
    if (n !== presses) return; // a newer press is waiting: this answer is stale
    status.textContent = "";
    send("streamlit:setComponentValue", {value: Object.assign(value, {n: n}), dataType: "json"});
  }

  function locate() {
    presses += 1;
    const n = presses;
    if (!window.isSecureContext || !("geolocation" in navigator)) {
      answer(n, {error: "unsupported"});
      return;
    }
    status.textContent = args.waiting;
    navigator.geolocation.getCurrentPosition(
      (position) => answer(n, {lat: position.coords.latitude, lon: position.coords.longitude,
                               accuracy: position.coords.accuracy}),
      (error) => answer(n, {error: REASONS[error.code] || "unavailable"}),
      {enableHighAccuracy: true, timeout: args.timeout_ms, maximumAge: 0},
    );
  }

  function applyTheme(theme) {
    if (!theme) return;
    const style = document.documentElement.style;
    const colours = {"--text": theme.textColor, "--background": theme.backgroundColor, "--primary": theme.primaryColor};
    for (const [name, value] of Object.entries(colours)) {
      if (value) style.setProperty(name, value);
    }
    if (theme.font) style.setProperty("--font", theme.font);
  }

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (event.source !== window.parent || !message || message.type !== "streamlit:render") return;
    args = Object.assign(args, message.args || {});
    button.textContent = args.label;
    button.disabled = Boolean(message.disabled);
    applyTheme(message.theme);
    fitFrame();
  });
  button.addEventListener("click", locate);
  new ResizeObserver(fitFrame).observe(document.body);
  send("streamlit:componentReady", {apiVersion: 1});
})();
