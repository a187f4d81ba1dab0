// The results on a map, only when the person asks for it: until "Show map" is pressed the page
// makes no request to any other host. Leaflet is the app's own copy; the tiles come from
// OpenStreetMap, as the button's note says. Without JavaScript the page is the plain list.
(function () {
  "use strict";
  var results = document.querySelectorAll(".result[data-lat]");
  var holder = document.getElementById("map");
  var button = document.getElementById("show-map");
  if (!holder || !button || !results.length) { return; }
  var base = holder.dataset.leaflet;
  button.parentElement.hidden = false;

  function load(tag, attrs, done) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    el.onload = done;
    el.onerror = function () { holder.hidden = true; button.disabled = false; };
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
    button.parentElement.hidden = true;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    if (window.L) { draw(); return; }
    load("link", { rel: "stylesheet", href: base + "leaflet.css" });
    load("script", { src: base + "leaflet.js" }, draw);
  });
})();
