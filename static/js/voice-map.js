/* The "I felt unsafe here" map's own code (geo/voice/voice_map.py).  The map's stylesheets load beside
 * its script, so Leaflet's first idea of the frame's size is wrong: fit the ward once Leaflet's stylesheet
 * applies, and again whenever the frame is resized (laid out, a phone turned), until someone moves the map. */
var VoiceMap = (function () {
  "use strict";

  function fit(map, bounds) {
    var moved = false, waits = 0;
    function styled() { return getComputedStyle(map.getContainer()).overflow === "hidden"; }  // leaflet.css
    function again() {
      var size = map.getSize();
      if (!size.x || !size.y || !styled()) {
        if (waits++ < 200) { setTimeout(again, 50); }
        return;
      }
      map.invalidateSize({pan: false});
      map.fitBounds(bounds, {padding: [12, 12], animate: false});
    }
    map.on("dragstart", function () { moved = true; });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize({pan: false});
        if (!moved) { again(); }
      }).observe(map.getContainer());
    }
    again();
  }

  return {fit: fit};
})();
