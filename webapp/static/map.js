// Progressive enhancement: when the browser is online, draw the results on a Leaflet map.
// Without a network (or if Leaflet fails to load) the page stays the plain list it already is.
(function () {
  "use strict";
  var results = document.querySelectorAll(".result[data-lat]");
  var holder = document.getElementById("map");
  if (!holder || !results.length || !navigator.onLine) { return; }
  var base = "https://unpkg.com/leaflet@1.9.4/dist/";

  function load(tag, attrs, done) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    el.onload = done;
    el.onerror = function () { holder.hidden = true; };
    document.head.appendChild(el);
  }

  function draw() {
    holder.hidden = false;
    var map = window.L.map(holder);
    window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18, attribution: "© OpenStreetMap contributors"
    }).addTo(map);
    var bounds = [];
    results.forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      var link = item.querySelector("h3 a");
      var popup = document.createElement("a");
      popup.href = link.href;
      popup.textContent = link.textContent;  // text, never markup
      window.L.marker(point).addTo(map).bindPopup(popup);
      bounds.push(point);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
  }

  load("link", { rel: "stylesheet", href: base + "leaflet.css" });
  load("script", { src: base + "leaflet.js" }, draw);
})();
