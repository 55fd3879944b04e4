// Brings the "Saved Stop N" notice into view on Record a walk (ui/walk_recording.py): after a
// save the walker's eyes are where the Save button was, far below the top of the fresh form.
(function () {
  var tries = 0;
  function scroll() {
    var notice = window.parent.document.querySelector('.st-key-record_saved [data-testid="stAlert"]')
      || document.querySelector('.st-key-record_saved [data-testid="stAlert"]');
    if (notice) {
      notice.scrollIntoView({ block: 'start' });
    } else if (tries++ < 40) {
      setTimeout(scroll, 50);
    }
  }
  scroll();
})();
