// What the recorder keeps on the phone, in IndexedDB: a few values (who signed in, the walks, the
// draft stop), and the outbox of stops with their photos, each in one of three states:
//   "queued"  on this phone only, waiting for a connection
//   "sent"    the server has it (its answer is kept: stop id, refused photos)
//   "refused" the server said no, and why; it stays here to try again or save to a file
const DB_NAME = "ward-recorder";
const VERSION = 1;

let opened = null;

function open() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, VERSION);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("meta");
        const outbox = request.result.createObjectStore("outbox", { keyPath: "client_ref" });
        outbox.createIndex("walk", "walk_id");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opened;
}

async function run(store, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    let result;
    Promise.resolve(work(tx.objectStore(store))).then((r) => { result = r; });
    tx.oncomplete = () => resolve(result);  // written to disk before we say so
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function asPromise(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function getMeta(key) {
  return run("meta", "readonly", (s) => asPromise(s.get(key)));
}

export async function setMeta(key, value) {
  return run("meta", "readwrite", (s) => { s.put(value, key); });
}

export async function add(record) {
  return run("outbox", "readwrite", (s) => { s.add(record); });
}

export async function update(clientRef, changes) {
  return run("outbox", "readwrite", async (s) => {
    const record = await asPromise(s.get(clientRef));
    if (record) s.put({ ...record, ...changes });
  });
}

export async function all() {
  const records = await run("outbox", "readonly", (s) => asPromise(s.getAll()));
  return records.sort((a, b) => a.created.localeCompare(b.created));
}
