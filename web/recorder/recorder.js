// The walk recorder: one stop at a time, kept on the phone at every tap, sent when there is a
// connection, each exactly once (the phone makes each stop's and photo's id; a resend is
// recognised by the server).  Text from anyone is set as text, never as markup.
import * as outbox from "./outbox.js";
import { dataUrl, shrink } from "./photos.js";

const $ = (id) => document.getElementById(id);
const RETRY_MS = 15000;
const FIX_FRESH_MS = 120000;
const TRACK_EVERY_MS = 10000;  // one track point at most this often
const STATE_WORDS = { queued: "On this phone only", sent: "Sent", refused: "Refused" };

let csrf = null;          // this session's token for writes: fetched, never kept on the phone
let setup = null;         // {walks, parameters, reasons, priorities, limits, max_photos}
let draft = null;         // the stop being recorded, saved at every tap
let lastFix = null;       // the phone's latest position, when the walker agreed to keep it
let watching = null;
let sending = false;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function show(section) {
  for (const id of ["need-setup", "sign-in", "recording"]) $(id).hidden = id !== section;
}

function notice(text) {
  const box = $("notice");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

function online() {
  return navigator.onLine;
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store", ...options });
  let body = {};
  try { body = await response.json(); } catch { /* a proxy's page: no sentence of ours */ }
  return { status: response.status, body };
}

// --- connection, storage, sign-in -----------------------------------------------

function showConnection() {
  $("connection").textContent = online()
    ? "Connected: stops are sent as you save them."
    : "No connection: stops are kept on this phone and sent when the connection returns.";
  $("connection").dataset.online = String(online());
}

async function keepStorage() {
  if (!navigator.storage || !navigator.storage.persist) {
    $("storage").textContent = "This browser cannot promise to keep what is stored here: send your stops when "
      + "you can, or save them to a file.";
    return;
  }
  const kept = await navigator.storage.persisted() || await navigator.storage.persist();
  $("storage").textContent = kept
    ? "This phone keeps your stops until they are sent."
    : "This browser did not promise to keep what is stored here (it may clear it if the phone runs short of "
      + "space): send your stops when you can, or save them to a file.";
  $("storage").dataset.persisted = String(kept);
}

async function refreshSession() {
  if (!online()) return null;
  try {
    const { body } = await api("/api/session");
    csrf = body.signed_in ? body.csrf : null;
    if (body.signed_in) await outbox.setMeta("who", { name: body.name, role: body.role });
    else await outbox.setMeta("who", null);
    return body;
  } catch {
    return null;  // the network said yes, the server did not answer: carry on from the phone
  }
}

async function fetchWalks() {
  try {
    const { status, body } = await api("/api/recorder/walks");
    if (status === 200) {
      setup = body;
      await outbox.setMeta("setup", setup);
    }
  } catch { /* keep what the phone has */ }
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  $("sign-in-error").hidden = true;
  let answer;
  try {
    answer = await api("/api/session", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: form.name.value.trim(), password: form.password.value }),
    });
  } catch {
    answer = { body: { error: "There is no connection to the app just now. Try again when you have signal." } };
  }
  form.password.value = "";
  if (!answer.body.signed_in) {
    $("sign-in-error").textContent = answer.body.error || "Signing in did not work. Try again.";
    $("sign-in-error").hidden = false;
    return;
  }
  csrf = answer.body.csrf;
  await outbox.setMeta("who", { name: answer.body.name, role: answer.body.role });
  await fetchWalks();
  await start();
  sendQueued();
}

async function signOut() {
  if (!online()) {
    notice("Signing out needs a connection; your stops stay on this phone.");
    return;
  }
  await refreshSession();
  await api("/api/session/end", { method: "POST", headers: { "X-CSRF-Token": csrf || "" } }).catch(() => null);
  csrf = null;
  await outbox.setMeta("who", null);
  await start();
}

// --- the stop being recorded ------------------------------------------------------

function walk() {
  return setup && setup.walks.find((w) => String(w.id) === $("walk").value);
}

function emptyDraft(walkId) {
  return { walk_id: walkId, route_seq: null, scores: {}, reasons: [], felt_safe: null, priority: "medium",
    why: "", positives: "", finding: "", photos: [], off_route: false };
}

async function keepDraft() {
  await outbox.setMeta("draft", draft);
}

async function recordedSeqs(walkId) {
  const seqs = new Set((walk()?.route || []).filter((r) => r.recorded).map((r) => r.seq));
  for (const record of await outbox.all()) {
    if (record.walk_id === walkId && record.stop.route_seq !== null && record.state !== "refused") {
      seqs.add(record.stop.route_seq);
    }
  }
  return seqs;
}

async function renderForm() {
  const current = walk();
  if (!current) return;
  if (!draft || draft.walk_id !== current.id) draft = emptyDraft(current.id);
  const done = await recordedSeqs(current.id);
  if (draft.route_seq === null && !draft.off_route) {
    const next = current.route.find((r) => !done.has(r.seq));
    if (next) draft.route_seq = next.seq; else draft.off_route = true;
  }
  const route = $("route");
  route.replaceChildren();
  for (const stop of current.route) {
    const words = `Stop ${stop.seq + 1} of ${current.route.length}: ${stop.label}` + (done.has(stop.seq) ? " (recorded)" : "");
    route.append(choice(words, draft.route_seq === stop.seq && !draft.off_route, () => {
      draft.route_seq = stop.seq; draft.off_route = false;
    }));
  }
  route.append(choice("A point not on the route (where my phone is)", draft.off_route, () => {
    draft.route_seq = null; draft.off_route = true;
  }));
  const allDone = current.route.length > 0 && current.route.every((r) => done.has(r.seq));
  $("all-recorded").hidden = !allDone;

  const scores = $("scores");
  scores.replaceChildren();
  for (const p of setup.parameters) {
    const row = el("div", { className: "choices score", role: "radiogroup", ariaLabel: p.label });
    p.levels.forEach((words, level) => {
      row.append(choice(`${level}: ${words}`, draft.scores[p.id] === level, () => {
        if (draft.scores[p.id] === level) delete draft.scores[p.id]; else draft.scores[p.id] = level;
      }));
    });
    scores.append(el("fieldset", {}, el("legend", {}, p.label), row));
  }

  const reasons = $("reasons");
  reasons.replaceChildren();
  for (const r of setup.reasons) {
    reasons.append(choice(r.label, draft.reasons.includes(r.id), () => {
      draft.reasons = draft.reasons.includes(r.id) ? draft.reasons.filter((x) => x !== r.id) : [...draft.reasons, r.id];
    }));
  }
  for (const button of $("felt").children) {
    const value = button.dataset.value === "" ? null : button.dataset.value === "true";
    button.setAttribute("aria-pressed", String(draft.felt_safe === value));
    button.onclick = async () => { draft.felt_safe = value; await keepDraft(); await renderForm(); };
  }
  const priority = $("priority");
  priority.replaceChildren();
  for (const s of setup.priorities) {
    priority.append(choice(s.label, draft.priority === s.id, () => { draft.priority = s.id; }));
  }
  const form = $("stop-form");
  for (const name of ["why", "positives", "finding"]) {
    form[name].value = draft[name];
    form[name].maxLength = setup.limits[name];
  }
  renderPhotos();
}

function choice(words, pressed, change) {
  const button = el("button", { type: "button", textContent: words });
  button.setAttribute("aria-pressed", String(pressed));
  button.addEventListener("click", async () => {
    change();
    await keepDraft();  // every tap is kept at once
    await renderForm();
  });
  return button;
}

function renderPhotos() {
  const list = $("photos");
  list.replaceChildren();
  draft.photos.forEach((photo, i) => {
    const caption = el("input", { value: photo.caption, maxLength: setup.limits.caption, ariaLabel: "Caption" });
    caption.addEventListener("input", async () => { photo.caption = caption.value; await keepDraft(); });
    const remove = el("button", { type: "button", textContent: "Remove", className: "quiet-button" });
    remove.addEventListener("click", async () => { draft.photos.splice(i, 1); await keepDraft(); renderPhotos(); });
    list.append(el("li", {}, el("img", { src: photo.preview, alt: "" }),
      el("label", {}, `Photo ${i + 1} caption `, caption), remove));
  });
}

async function addPhotos(event) {
  const input = event.target;
  for (const file of input.files) {
    if (draft.photos.length >= setup.max_photos) {
      notice(`At most ${setup.max_photos} photos a stop: save this stop, then take more at the next.`);
      break;
    }
    try {
      const { blob } = await shrink(file);
      draft.photos.push({ ref: crypto.randomUUID(), name: file.name, blob, preview: await dataUrl(blob),
        caption: "Photo at this stop" });
    } catch (error) {
      notice(error.message);
    }
  }
  input.value = "";
  await keepDraft();
  renderPhotos();
}

function watchPosition() {
  const on = $("keep-position").checked || $("keep-track").checked;
  if (watching !== null) navigator.geolocation.clearWatch(watching);
  watching = null;
  lastFix = null;
  $("position-note").textContent = "";
  if (!on) return;
  if (!navigator.geolocation) {
    $("position-note").textContent = "This browser cannot share where the phone is; stops are kept without it.";
    return;
  }
  watching = navigator.geolocation.watchPosition((p) => {
    const previous = lastFix;
    lastFix = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy, at: Date.now() };
    $("position-note").textContent = `Your phone puts you within ${Math.round(p.coords.accuracy)} m.`;
    if ($("keep-track").checked && (!previous || lastFix.at - (previous.tracked || 0) >= TRACK_EVERY_MS)) {
      lastFix.tracked = lastFix.at;
      keepTrackPoint(lastFix);
    } else if (previous) {
      lastFix.tracked = previous.tracked;
    }
  }, () => {
    $("position-note").textContent = "Your phone did not share its position; stops are kept without it.";
  }, { enableHighAccuracy: true, maximumAge: 30000 });
}

async function keepTrackPoint(fix) {
  const track = (await outbox.getMeta("track")) || [];
  track.push({ at: new Date(fix.at).toISOString(), lat: fix.lat, lon: fix.lon, accuracy: fix.accuracy });
  await outbox.setMeta("track", track);
}

async function saveStop(event) {
  event.preventDefault();
  const current = walk();
  const form = event.target;
  for (const name of ["why", "positives", "finding"]) draft[name] = form[name].value;
  const keepPosition = $("keep-position").checked;
  const fix = keepPosition && lastFix && Date.now() - lastFix.at < FIX_FRESH_MS ? lastFix : null;
  if (draft.off_route && !fix) {
    notice("A point not on the route is placed where your phone is: tick \"Keep where my phone is\" and wait "
      + "for your position, or choose a stop on the route.");
    return;
  }
  const done = await recordedSeqs(current.id);
  const label = draft.off_route ? "A point not on the route" : current.route[draft.route_seq].label;
  const record = {
    client_ref: crypto.randomUUID(), walk_id: current.id, walk_title: current.title, label,
    created: new Date().toISOString(), state: "queued", why_refused: "", note: "",
    stop: { route_seq: draft.off_route ? null : draft.route_seq, scores: draft.scores, reasons: draft.reasons,
      felt_safe: draft.felt_safe, why: draft.why, positives: draft.positives, priority: draft.priority,
      finding: draft.finding, phone_time: new Date().toISOString(),
      phone_fix: fix ? { lat: fix.lat, lon: fix.lon, accuracy: fix.accuracy } : null },
    photos: draft.photos.map((p) => ({ ref: p.ref, name: p.name, caption: p.caption, blob: p.blob })),
  };
  record.stop.client_ref = record.client_ref;
  record.track = $("keep-track").checked ? (await outbox.getMeta("track")) || [] : [];
  await outbox.add(record);  // on the phone before anything else happens
  await outbox.setMeta("track", []);  // the points so far go with this stop
  draft = emptyDraft(current.id);
  await keepDraft();
  const number = (await outbox.all()).filter((r) => r.walk_id === current.id).length;
  notice(`Saved stop ${number} (${label}) on this phone.` + (online() ? " Sending…" : " It will be sent when the connection returns."));
  if (!draft.off_route) done.add(record.stop.route_seq);
  await renderForm();
  await renderOutbox();
  $("stop-form").scrollIntoView({ behavior: "smooth", block: "start" });
  sendQueued();
}

// --- the outbox -------------------------------------------------------------------

async function renderOutbox() {
  const current = walk();
  const list = $("outbox");
  list.replaceChildren();
  const records = (await outbox.all()).filter((r) => !current || r.walk_id === current.id);
  records.forEach((record, i) => {
    const time = new Date(record.created).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    const scored = Object.keys(record.stop.scores).length;
    const state = el("p", { className: "state", textContent: STATE_WORDS[record.state] });
    const card = el("li", { className: "card", dataset: { state: record.state, ref: record.client_ref } },
      el("p", { className: "title", textContent: `Stop ${i + 1}: ${record.label}` }),
      el("p", { className: "quiet", textContent: `${time} · ${scored} of 9 scored · ${photoWords(record.photo_count ?? record.photos.length)}` }),
      state);
    if (record.why_refused) card.append(el("p", { className: "why", textContent: record.why_refused }));
    if (record.note) card.append(el("p", { className: "quiet note", textContent: record.note }));
    if (record.state === "refused") {
      const again = el("button", { type: "button", textContent: "Try again" });
      again.addEventListener("click", async () => {
        await outbox.update(record.client_ref, { state: "queued", why_refused: "" });
        await renderOutbox();
        sendQueued();
      });
      card.append(again);
    }
    list.append(card);
  });
  if (!records.length) list.append(el("li", { className: "quiet", textContent: "No stops recorded on this walk yet." }));
  showSummary(records);
}

function photoWords(n) {
  return n === 1 ? "1 photo" : `${n} photos`;
}

function showSummary(records) {
  const counts = { queued: 0, sent: 0, refused: 0 };
  for (const r of records) counts[r.state] += 1;
  const parts = [];
  if (counts.queued) parts.push(`${counts.queued} on this phone only`);
  if (counts.sent) parts.push(`${counts.sent} sent`);
  if (counts.refused) parts.push(`${counts.refused} refused`);
  $("summary").textContent = records.length ? `This walk: ${parts.join(" · ")}.` : "";
  $("summary").dataset.queued = String(counts.queued);
}

async function sendQueued() {
  if (sending || !online()) return;
  sending = true;
  try {
    const queued = (await outbox.all()).filter((r) => r.state === "queued");
    if (!queued.length) return;
    if (!csrf) await refreshSession();
    for (const record of queued) {
      if (!online()) break;
      const outcome = await send(record);
      if (outcome === "stop") break;
    }
  } finally {
    sending = false;
    await renderOutbox();
  }
}

async function send(record) {
  const body = new FormData();
  body.append("stop", JSON.stringify(record.stop));
  if (record.track && record.track.length) body.append("track", JSON.stringify(record.track));
  record.photos.forEach((p, n) => {
    body.append(`photo_${n}`, p.blob, p.name.replace(/\.[^.]*$/, "") + ".jpg");
    body.append(`photo_${n}_ref`, p.ref);
    body.append(`photo_${n}_caption`, p.caption);
  });
  let answer;
  try {
    answer = await api(`/api/walks/${record.walk_id}/stops`, {
      method: "POST", body, headers: { "X-CSRF-Token": csrf || "" },
    });
  } catch {
    return "stop";  // no answer: still on this phone, tried again when the connection returns
  }
  const { status, body: reply } = answer;
  if (status === 200 || status === 201) {
    const refused = (reply.refused || []).join(" ");
    await outbox.update(record.client_ref, { state: "sent", note: refused ? `Photos not kept: ${refused}` : "",
      photos: [], photo_count: reply.photos, track: [] });  // the server has them: the phone lets the photos go
    notice(`${record.label}: sent.`);
    return "sent";
  }
  if (status === 401) {  // signed out or the evening is over: kept here until the walker signs in again
    await outbox.update(record.client_ref, { note: reply.error || "Sign in again to send this stop." });
    csrf = null;
    await outbox.setMeta("who", null);
    await start();
    return "stop";
  }
  if (status === 403 && reply.error && reply.error.includes("out of date")) {
    csrf = null;  // a new page load: fetch the token again, then retry
    await refreshSession();
    return "stop";
  }
  if (status >= 400 && status < 500 && reply.error) {
    await outbox.update(record.client_ref, { state: "refused", why_refused: reply.error });
    return "refused";
  }
  return "stop";  // the server is unwell (5xx) or a proxy answered: try again later
}

async function exportUnsent() {
  const records = (await outbox.all()).filter((r) => r.state !== "sent");
  if (!records.length) {
    notice("Every stop has been sent; there is nothing to save.");
    return;
  }
  const doc = [];
  for (const r of records) {
    const photos = [];
    for (const p of r.photos) photos.push({ ref: p.ref, name: p.name, caption: p.caption, jpeg: await dataUrl(p.blob) });
    doc.push({ walk_id: r.walk_id, walk: r.walk_title, state: r.state, why_refused: r.why_refused, stop: r.stop, photos });
  }
  const blob = new Blob([JSON.stringify({ unsent_stops: doc }, null, 1)], { type: "application/json" });
  const link = $("download");
  link.href = URL.createObjectURL(blob);
  link.download = `unsent-stops-${new Date().toISOString().slice(0, 16).replace(":", "")}.json`;
  link.click();
  notice(`Saved ${records.length} unsent stop(s) to a file. Hand it to the walk's organiser.`);
}

// --- start ------------------------------------------------------------------------

async function start() {
  showConnection();
  setup = setup || await outbox.getMeta("setup");
  draft = draft || await outbox.getMeta("draft") || null;
  const who = await outbox.getMeta("who");
  if (!who) {
    show(online() ? "sign-in" : "need-setup");
    return;
  }
  if (!setup) {
    show("need-setup");
    return;
  }
  show("recording");
  $("who").textContent = `Signed in as ${who.name} (${who.role}).`;
  const select = $("walk");
  const chosen = select.value || String((await outbox.getMeta("walk")) || "");
  select.replaceChildren(...setup.walks.map((w) => el("option", { value: String(w.id),
    textContent: `${w.title} · ${w.on} ${w.starts}` })));
  if (setup.walks.some((w) => String(w.id) === chosen)) select.value = chosen;
  $("no-walks").hidden = setup.walks.length > 0;
  $("stop-form").hidden = setup.walks.length === 0;
  $("keep-position").checked = Boolean(await outbox.getMeta("keep_position"));
  $("keep-track").checked = Boolean(await outbox.getMeta("keep_track"));
  await renderForm();
  await renderOutbox();
}

async function main() {
  if (!window.isSecureContext) {
    show("need-setup");
    $("need-setup").replaceChildren(el("h2", {}, "This address is not secure"),
      el("p", {}, "The recorder keeps your sign-in and your stops only on a secure (https://) address. "
        + "Open the app's https:// address, or ask its administrator for it."));
    return;
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/recorder/sw.js", { scope: "/recorder/" }).catch(() => {
      $("storage").textContent = "This browser would not keep the recorder for use with no connection.";
    });
  }
  $("sign-in-form").addEventListener("submit", signIn);
  $("stop-form").addEventListener("submit", saveStop);
  $("photo-input").addEventListener("change", addPhotos);
  $("send-now").addEventListener("click", () => (online() ? sendQueued() : notice("No connection yet: the stops wait on this phone.")));
  $("export").addEventListener("click", exportUnsent);
  $("sign-out").addEventListener("click", signOut);
  $("walk").addEventListener("change", async () => {
    await outbox.setMeta("walk", $("walk").value);
    draft = null;
    await renderForm();
    await renderOutbox();
  });
  for (const [id, key] of [["keep-position", "keep_position"], ["keep-track", "keep_track"]]) {
    $(id).addEventListener("change", async (e) => {
      await outbox.setMeta(key, e.target.checked);
      if (id === "keep-track" && !e.target.checked) await outbox.setMeta("track", []);  // consent withdrawn
      watchPosition();
    });
  }
  for (const name of ["why", "positives", "finding"]) {
    $("stop-form")[name].addEventListener("input", async (e) => { draft[name] = e.target.value; await keepDraft(); });
  }
  window.addEventListener("online", async () => { showConnection(); await refreshSession(); await fetchWalks(); sendQueued(); });
  window.addEventListener("offline", showConnection);
  setInterval(sendQueued, RETRY_MS);
  keepStorage();
  await start();
  if (online()) {
    const session = await refreshSession();
    if (session && session.signed_in) await fetchWalks();
    await start();
    watchPosition();
    sendQueued();
  } else {
    watchPosition();
  }
}

main();
