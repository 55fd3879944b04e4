/* The ward safety map's browser code.  geo/mapview.py writes the data and one
 * short call per layer; everything the map does in the browser is here, and
 * its look is in static/css/ward-map.css.
 *
 * Loaded after Leaflet (folium lists it after Leaflet's own scripts).  Every
 * piece of text, which may be user text, goes into the page as textContent;
 * innerHTML is only ever given the map's own SVG symbols.
 *
 * The site data (geo.mapview.site_payload) is a table in named columns:
 *   {statuses: [{label, svg, approx}],      a site's status is an index into this
 *    topics:   {<topic>: <label>},          keyed by geo.status.Topic values
 *    sites:    {id: [], number: [], title: [], lon: [], lat: [], approx: [0|1],
 *               status: {<topic>: [status index per site]},
 *               lines: {<topic>: {<site index>: words}}}}  sparse: e.g. each gate's stage
 * Nothing here names a topic: a topic added in Python needs no change here.
 */
var WardMap = (function () {
  "use strict";

  var NOTE_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">' +
    '<path d="M2 2h18v13h-7l-2 5-2-5H2z" fill="#F0E442" stroke="#000" stroke-width="1.5"/>' +
    '<path d="M11 5v5M11 12v1.5" stroke="#000" stroke-width="2"/></svg>';

  var NARROW = 600;   // below this map width the layer control and the legend start folded
  var MIN_GAP = 34;   // markers closer than this many pixels are pushed apart
  var HINT_MS = 1500;

  var markers = {};   // site id -> its markers, one per topic layer built so far
  var chosenId = null;
  var live = null;    // the map's aria-live region
  var laidOut = false; // true once the stylesheets apply and the ward has been fitted
  var waiting = [];   // layers shown before that: their markers are made once the view is final

  // A site marker's icon: a clone of its status symbol, parsed once per layer, with its number.
  var ICON_HALF = 13;  // px: a site marker is 26 px square, anchored at its centre
  var SiteIcon = L.Icon.extend({
    options: {iconSize: [2 * ICON_HALF, 2 * ICON_HALF], iconAnchor: [ICON_HALF, ICON_HALF], className: "ward-site"},
    createIcon: function () {
      var el = this.options.symbol.cloneNode(true);
      this._setIconStyles(el, "icon");
      el.setAttribute("aria-label", this.options.label);
      el.setAttribute("data-site-id", this.options.site);
      // The number is drawn by the stylesheet (::after): the marker's name is its aria-label.
      el.setAttribute("data-number", String(this.options.number));
      return el;
    },
    createShadow: function () { return null; }
  });

  function line(parent, text) {
    parent.appendChild(document.createElement("br"));
    parent.appendChild(document.createTextNode(text));
  }

  function heading(text) {
    var tip = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = text;
    tip.appendChild(strong);
    return tip;
  }

  // A tooltip beside a marker near the map's edge would run off it (on a phone, site 1's tooltip
  // lost its first letters): shift it sideways until it lies inside the map.
  function keepInside(e) {
    var tip = e.tooltip.getElement(), map = this._map;
    if (!tip || !map) { return; }
    tip.style.left = "0px";
    var box = tip.getBoundingClientRect(), edge = map.getContainer().getBoundingClientRect();
    var shift = Math.max(edge.left + 4 - box.left, 0) - Math.max(box.right - (edge.right - 4), 0);
    if (box.width > edge.width - 8) { shift = edge.left + 4 - box.left; }
    tip.style.left = shift + "px";
  }

  /* Every marker's tooltip: the app's style, kept inside the map. */
  function bindTip(marker, content) {
    marker.bindTooltip(content, {className: "ward-tip"});
    marker.on("tooltipopen", keepInside);
  }

  function announce(text) {
    if (live) { live.textContent = text; }
  }

  // Shared by every site marker: a click, a tap or Enter tells streamlit-folium
  // where it landed, and the page picks the nearest site and shows its panel.
  function choose() {
    announce("Showing " + this.siteTitle + ": its details are below the map.");
    this._map.fire("click", {latlng: this.getLatLng()});
  }

  // Leaflet turns Enter into a click only for markers with popups: choose the site by keyboard too.
  function chooseByKey(e) {
    var key = e.originalEvent.key;
    if (key === "Enter" || key === " ") {
      e.originalEvent.preventDefault();
      choose.call(this);
    }
  }

  function markChosen(marker) {
    var on = marker.siteId === chosenId;
    if (!on && !marker.chosen) { return; }  // as drawn: nothing to change (most of 1,000 markers)
    marker.chosen = on;
    var el = marker.getElement();
    if (el) { L.DomUtil[on ? "addClass" : "removeClass"](el, "ward-chosen"); }
    marker.setZIndexOffset(on ? 1000 : 0);
  }

  /* Markers closer than MIN_GAP pixels are nudged apart, the same way every
   * time (in site order), with CSS `translate`, which Leaflet leaves alone. */
  function spread(map, list) {
    var placed = [];
    list.forEach(function (m) {
      var p = map.latLngToLayerPoint(m.getLatLng()), dx = 0, dy = 0;
      placed.forEach(function (q) {
        var x = p.x + dx - q.x, y = p.y + dy - q.y, d = Math.sqrt(x * x + y * y);
        if (d < MIN_GAP) {
          if (d < 0.5) { x = 0; y = 1; d = 1; }
          dx += x / d * (MIN_GAP - d);
          dy += y / d * (MIN_GAP - d);
        }
      });
      placed.push({x: p.x + dx, y: p.y + dy});
      m.spreadBy = [Math.round(dx), Math.round(dy)];  // as translated below: fit reads it
      var el = m.getElement();
      if (el) { el.style.translate = Math.round(dx) + "px " + Math.round(dy) + "px"; }
    });
  }

  /* One switchable layer: every site drawn by its status on `topic`.  Markers
   * are made when the layer is first shown; tooltips when first hovered. */
  function siteLayer(data, topic) {
    var layer = L.layerGroup();
    var sites = data.sites, codes = sites.status[topic], topicLabel = data.topics[topic];
    var symbols = {}, list = [];

    function symbol(code, approx) {
      var key = code + (approx ? "a" : "");
      if (!symbols[key]) {
        var div = document.createElement("div");
        div.innerHTML = approx ? data.statuses[code].approx : data.statuses[code].svg;
        symbols[key] = div;
      }
      return symbols[key];
    }

    function tooltip(marker) {
      var i = marker.siteIndex;
      var tip = heading(sites.number[i] + ". " + sites.title[i]);
      line(tip, topicLabel + ": " + data.statuses[codes[i]].label);
      var more = (sites.lines || {})[topic] || {};
      if (more[i]) { line(tip, more[i]); }  // words for this layer only: each gate's stage, say
      if (sites.approx[i] === 1) { line(tip, "Approximate position"); }
      return tip;
    }

    // After every zoom (a reset without animation fires viewreset too; zoomend is enough, once).
    function respread() { if (layer._map) { spread(layer._map, list); } }

    var built = false;
    function build() {  // the markers, made once, at the view they are first shown at
      if (!layer._map) { return; }  // switched off again before the view was final
      if (!built) {
        built = true;
        for (var i = 0; i < sites.id.length; i++) {
          var code = codes[i], approx = sites.approx[i] === 1;
          var words = sites.title[i] + ": " + topicLabel.toLowerCase() + " " +
                      data.statuses[code].label.toLowerCase() + (approx ? " (approximate position)" : "");
          var icon = new SiteIcon({symbol: symbol(code, approx), label: words, site: sites.id[i],
                                   number: sites.number[i]});
          var m = L.marker([sites.lat[i], sites.lon[i]], {icon: icon, keyboard: true, riseOnHover: true});
          m.siteIndex = i;
          m.siteId = sites.id[i];
          m.siteTitle = sites.title[i];
          bindTip(m, tooltip);
          m.on("click", choose);
          m.on("keypress", chooseByKey);
          m.on("add", function () { markChosen(this); });
          (markers[m.siteId] = markers[m.siteId] || []).push(m);
          list.push(m);
          layer.addLayer(m);
        }
      }
      respread();
    }
    layer.on("add", function () {
      layer._map.on("zoomend", respread);
      // Made once the ward is fitted (fitter): 1,000 markers placed at the first view were all moved by the fit.
      if (laidOut) { build(); } else { waiting.push(build); }
    });
    layer.on("remove", function () { if (layer._map) { layer._map.off("zoomend", respread); } });
    return layer;
  }

  /* Public design-out-crime notes: [{lon, lat, heading, text}]. */
  function noteLayer(notes) {
    var layer = L.layerGroup();
    notes.forEach(function (note) {
      // The note points at its place from the upper right and sits below the sites, so a note
      // about a site never covers that site's marker (every site stays tappable).
      var icon = L.divIcon({html: NOTE_ICON, className: "ward-note", iconSize: [22, 22], iconAnchor: [0, 22]});
      var m = L.marker([note.lat, note.lon], {icon: icon, keyboard: true, zIndexOffset: -1000});
      var tip = heading(note.heading);
      line(tip, note.text);
      bindTip(m, tip);
      m.on("add", function () { m.getElement().setAttribute("aria-label", note.heading + ": " + note.text); });
      layer.addLayer(m);
    });
    return layer;
  }

  /* A control holding one button. */
  function button(map, position, text, label, onClick) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar ward-button");
      var b = L.DomUtil.create("button", "", div);
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.title = label;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.on(b, "click", onClick);
      return div;
    };
    return control.addTo(map);
  }

  /* The legend, bottom left: [{svg, text}], one row per symbol, folded behind a button on a narrow map. */
  function legend(map, rows, folded) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "ward-legend");
      var toggle = L.DomUtil.create("button", "ward-legend-toggle", div);
      toggle.type = "button";
      toggle.textContent = "Map key";
      var list = L.DomUtil.create("div", "ward-legend-list", div);
      list.id = "ward-legend-list";
      list.setAttribute("role", "list");
      list.setAttribute("aria-label", "Map legend");
      toggle.setAttribute("aria-controls", list.id);
      rows.forEach(function (row) {
        var item = L.DomUtil.create("div", "", list);
        item.setAttribute("role", "listitem");
        item.innerHTML = row.svg || "";
        item.appendChild(document.createTextNode((row.svg ? " " : "") + row.text));
      });
      function show(open) {
        list.hidden = !open;
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      }
      show(!folded);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      L.DomEvent.on(toggle, "click", function () { show(list.hidden); });
      return div;
    };
    control.addTo(map);
    return control;
  }

  /* Two ways to keep the view clear of the controls: padding along the top and
   * bottom edges by the controls there, or along the left and right edges. */
  /* Every control shown, its box in the map's own pixels and its corner. */
  function controlBoxes(map) {
    var origin = map.getContainer().getBoundingClientRect(), boxes = [];
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width) {
        boxes.push({left: r.left - origin.left, right: r.right - origin.left, top: r.top - origin.top,
                    bottom: r.bottom - origin.top, corner: el.parentNode.className});
      }
    });
    return boxes;
  }

  function clearings(map, boxes) {
    var size = map.getSize(), top = 0, bottom = 0, left = 0, right = 0;
    (boxes || controlBoxes(map)).forEach(function (b) {
      if (b.corner.indexOf("leaflet-top") >= 0) { top = Math.max(top, b.bottom); }
      else { bottom = Math.max(bottom, size.y - b.top); }
      if (b.corner.indexOf("leaflet-left") >= 0) { left = Math.max(left, b.right); }
      else { right = Math.max(right, size.x - b.left); }
    });
    return [{paddingTopLeft: [16, top + 8], paddingBottomRight: [16, bottom + 8]},
            {paddingTopLeft: [left + 8, 16], paddingBottomRight: [right + 8, 16]}];
  }

  /* The clearing that leaves room for the biggest view of `box`. */
  function clearOfControls(map, box, boxes) {
    var size = map.getSize(), best = null, bestZoom = -1;
    clearings(map, boxes).forEach(function (pad) {
      var room = size.subtract(pad.paddingTopLeft).subtract(pad.paddingBottomRight);
      if (room.x < 40 || room.y < 40) { return; }
      var zoom = box ? map.getBoundsZoom(box, false, L.point(pad.paddingTopLeft).add(pad.paddingBottomRight)) : 0;
      if (zoom > bestZoom) { best = pad; bestZoom = zoom; }
    });
    return best;
  }

  /* Fit the ward, then make sure no site lies under a control: fit it in the
   * room the controls leave, then zoom out until every marker is clear of them. */
  function fitter(map, bounds) {
    var box = L.latLngBounds(bounds);

    /* Whether a site marker shown now lies under one of the controls' `boxes`.  Worked out
     * from each marker's place (and its nudge by `spread`) rather than read from its element,
     * and the boxes read before the markers went in: making the browser lay out 1,000
     * markers to read a box costs far more than all of this. */
    function overlaps(boxes) {
      return Object.keys(markers).some(function (id) {
        return markers[id].some(function (m) {
          if (!m._map) { return false; }  // its layer is not shown
          var p = map.latLngToContainerPoint(m.getLatLng()), by = m.spreadBy || [0, 0];
          var x = p.x + by[0], y = p.y + by[1];
          return boxes.some(function (b) {
            return x - ICON_HALF < b.right && b.left < x + ICON_HALF && y - ICON_HALF < b.bottom && b.top < y + ICON_HALF;
          });
        });
      });
    }

    // The stylesheets load beside the map's script: until Leaflet's and ours apply, no size is final.
    function styled() {
      var corner = map.getContainer().querySelector(".leaflet-top"), live = map.getContainer().querySelector(".ward-live");
      return corner && live && getComputedStyle(corner).position === "absolute" &&
             getComputedStyle(live).position === "absolute";
    }

    var waits = 0;
    return function fit() {
      var size = map.getSize();
      if (!size.x || !size.y) { return; }  // not laid out yet: the resize observer fits it later
      if (!styled() && waits++ < 200) {  // after 10 s, fit and draw the sites whatever the styles
        setTimeout(fit, 50);
        return;
      }
      map.fitBounds(box, {padding: [12, 12], animate: false});
      laidOut = true;
      var boxes = controlBoxes(map);  // before any waiting marker goes in: nothing new to lay out yet
      waiting.splice(0).forEach(function (build) { build(); });
      if (!overlaps(boxes)) { return; }
      var pad = clearOfControls(map, box, boxes);
      if (pad) { map.fitBounds(box, L.extend({animate: false}, pad)); }
      for (var tries = 0; tries < 3 && overlaps(boxes); tries++) { map.setZoom(map.getZoom() - 1, {animate: false}); }
    };
  }

  /* On a touch screen one finger scrolls the page and two move the map; a
   * one-finger swipe on the map shows a short hint saying so. */
  function twoFingerPan(map) {
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    if (!(L.Browser.mobile || (L.Browser.touch && coarse))) { return; }
    var container = map.getContainer(), timer = null;
    var hint = L.DomUtil.create("div", "ward-gesture-hint", container);
    hint.textContent = "Use two fingers to move the map";
    hint.setAttribute("aria-hidden", "true");
    map.dragging.disable();
    container.addEventListener("touchstart", function (e) {
      if (e.touches.length > 1) { map.dragging.enable(); L.DomUtil.removeClass(hint, "ward-shown"); }
    }, {passive: true});
    container.addEventListener("touchmove", function (e) {
      if (e.touches.length !== 1) { return; }
      L.DomUtil.addClass(hint, "ward-shown");
      clearTimeout(timer);
      timer = setTimeout(function () { L.DomUtil.removeClass(hint, "ward-shown"); }, HINT_MS);
    }, {passive: true});
    container.addEventListener("touchend", function (e) {
      if (e.touches.length === 0) { map.dragging.disable(); }
    }, {passive: true});
  }

  /* "Show where I am": the browser's own location, drawn on the map and never sent anywhere. */
  function locator(map) {
    if (!navigator.geolocation) { return; }
    var here = null;
    button(map, "topleft", "\u25CE", "Show where I am on the map", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var at = [pos.coords.latitude, pos.coords.longitude];
        if (here) { map.removeLayer(here); }
        here = L.circleMarker(at, {radius: 8, color: "#fff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1,
                                   interactive: false}).addTo(map);
        map.panTo(at);
        announce("Your position is shown on the map.");
      }, function () { announce("Your position could not be found."); }, {timeout: 10000});
    });
  }

  /* Everything around the layers: the layer control and the legend (folded on
   * a narrow map), "Whole ward", "Show where I am", the frame's title, touch
   * gestures and an aria-live region.  `options`: {legend, bounds, title}. */
  function controls(map, baseLayers, overlays, options) {
    var container = map.getContainer();
    var folded = container.clientWidth < NARROW;
    L.control.layers(baseLayers, overlays, {collapsed: folded, position: "topright"}).addTo(map);
    legend(map, options.legend, folded);
    var fit = fitter(map, options.bounds);
    button(map, "topleft", "\u2922", "Show the whole ward", fit);
    locator(map);
    twoFingerPan(map);
    live = L.DomUtil.create("div", "ward-live", container);
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    try { if (window.frameElement) { window.frameElement.title = options.title; } } catch (e) { /* not ours */ }
    fit();
    followPageChoice(map);
    // Until someone moves the map, a new size (the frame laid out, a phone turned) fits the ward again.
    var moved = false;
    map.on("dragstart", function () { moved = true; });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize({pan: false});
        if (!moved) { fit(); }
      }).observe(container);
    }
    return fit;
  }

  /* The site chosen on the page is the one its address names (?site=, the link
   * to share): highlighted, and brought into view.  The map's frame is from
   * the page's own origin, so it reads the address; the map is never redrawn. */
  function followPageChoice(map) {
    function named() {
      try { return new URLSearchParams(window.parent.location.search).get("site"); } catch (e) { return null; }
    }
    function check() {
      var id = named();
      if (id === chosenId) { return; }
      chosenId = id;
      Object.keys(markers).forEach(function (key) { markers[key].forEach(markChosen); });
      var list = markers[id] || [], pad = laidOut && clearOfControls(map);
      if (list.length && pad) { map.panInside(list[0].getLatLng(), pad); }
    }
    check();
    setInterval(check, 300);
  }

  return {siteLayer: siteLayer, noteLayer: noteLayer, controls: controls};
})();
