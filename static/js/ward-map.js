/* The ward safety map's browser code.  geo/mapview.py writes the data and one
 * short call per layer; everything the map does in the browser is here.
 *
 * Loaded after Leaflet (folium lists it after Leaflet's own scripts).  Every
 * piece of text, which may be user text, goes into the page as textContent;
 * innerHTML is only ever given the map's own SVG symbols.
 *
 * The site data (geo.mapview.site_payload) is a table in named columns:
 *   {statuses: [{label, svg, approx}],      a site's status is an index into this
 *    topics:   {<topic>: <label>},          keyed by geo.status.Topic values
 *    sites:    {id: [], title: [], lon: [], lat: [], approx: [0|1],
 *               status: {<topic>: [status index per site]}}}
 * Nothing here names a topic: a topic added in Python needs no change here.
 */
var WardMap = (function () {
  "use strict";

  var NOTE_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">' +
    '<path d="M2 2h18v13h-7l-2 5-2-5H2z" fill="#F0E442" stroke="#000" stroke-width="1.5"/>' +
    '<path d="M11 5v5M11 12v1.5" stroke="#000" stroke-width="2"/></svg>';

  var LEGEND_STYLE =
    "background:#fff;padding:6px 8px;font:13px/1.35 sans-serif;color:#111;" +
    "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.4)";

  // A site marker's icon: a clone of its status symbol, parsed once per layer.
  var SiteIcon = L.Icon.extend({
    options: {iconSize: [26, 26], iconAnchor: [13, 13], className: "ward-site"},
    createIcon: function () {
      var el = this.options.symbol.cloneNode(true);
      this._setIconStyles(el, "icon");
      el.setAttribute("aria-label", this.options.label);
      el.setAttribute("data-site-id", this.options.site);
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

  // Shared by every site marker: a click (or Enter) tells streamlit-folium
  // where it landed, and the page picks the nearest site.
  function choose() { this._map.fire("click", {latlng: this.getLatLng()}); }

  // Leaflet turns Enter into a click only for markers with popups: choose the site by keyboard too.
  function chooseByKey(e) {
    var key = e.originalEvent.key;
    if (key === "Enter" || key === " ") {
      e.originalEvent.preventDefault();
      choose.call(this);
    }
  }

  /* One switchable layer: every site drawn by its status on `topic`.  Markers
   * are made when the layer is first shown; tooltips when first hovered. */
  function siteLayer(data, topic) {
    var layer = L.layerGroup();
    var sites = data.sites, codes = sites.status[topic], topicLabel = data.topics[topic];
    var symbols = {};

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
      var tip = heading(sites.title[i]);
      line(tip, topicLabel + ": " + data.statuses[codes[i]].label);
      if (sites.approx[i] === 1) { line(tip, "Approximate position"); }
      return tip;
    }

    var built = false;
    layer.on("add", function () {
      if (built) { return; }
      built = true;
      for (var i = 0; i < sites.id.length; i++) {
        var code = codes[i], approx = sites.approx[i] === 1;
        var words = sites.title[i] + ": " + topicLabel.toLowerCase() + " " +
                    data.statuses[code].label.toLowerCase() + (approx ? " (approximate position)" : "");
        var icon = new SiteIcon({symbol: symbol(code, approx), label: words, site: sites.id[i]});
        var m = L.marker([sites.lat[i], sites.lon[i]], {icon: icon, keyboard: true, riseOnHover: true});
        m.siteIndex = i;
        m.bindTooltip(tooltip);
        m.on("click", choose);
        m.on("keypress", chooseByKey);
        layer.addLayer(m);
      }
    });
    return layer;
  }

  /* Public design-out-crime notes: [{lon, lat, heading, text}]. */
  function noteLayer(notes) {
    var layer = L.layerGroup();
    notes.forEach(function (note) {
      var icon = L.divIcon({html: NOTE_ICON, className: "ward-note", iconSize: [22, 22], iconAnchor: [11, 22]});
      var m = L.marker([note.lat, note.lon], {icon: icon, keyboard: true});
      var tip = heading(note.heading);
      line(tip, note.text);
      m.bindTooltip(tip);
      m.on("add", function () { m.getElement().setAttribute("aria-label", note.heading + ": " + note.text); });
      layer.addLayer(m);
    });
    return layer;
  }

  /* The legend, bottom left: [{svg, text}], one row per symbol. */
  function legend(map, rows) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "ward-legend");
      div.setAttribute("role", "list");
      div.setAttribute("aria-label", "Map legend");
      div.style.cssText = LEGEND_STYLE;
      rows.forEach(function (row) {
        var item = L.DomUtil.create("div", "", div);
        item.setAttribute("role", "listitem");
        item.innerHTML = row.svg || "";
        item.appendChild(document.createTextNode((row.svg ? " " : "") + row.text));
      });
      return div;
    };
    control.addTo(map);
    return control;
  }

  return {siteLayer: siteLayer, noteLayer: noteLayer, legend: legend};
})();
