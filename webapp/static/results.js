// After a search, move focus to the results (or the error) so keyboard and screen-reader users
// land there; keep the referral list in this browser (localStorage) across pages and searches.
(function () {
  "use strict";
  var KEY = "carefinder-referral";
  var SHEET_MAX = 200;  // ids one sheet takes (the query contract's limit)

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(items) {
    try { window.localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* private mode */ }
  }
  // The list keeps screen order: facilities of one search by their place in its results,
  // searches in the order they were first picked from.
  function ordered(items) {
    var first = {};
    items.forEach(function (item, i) { if (!(item.search in first)) { first[item.search] = i; } });
    return items.slice().sort(function (a, b) {
      return (first[a.search] - first[b.search]) || (a.rank - b.rank);
    });
  }
  // The sheet lists every pick, whatever the current search: each is measured from the place
  // of the search it was picked in (at=ID:PLACE), none from the current one.
  function sheetUrl(items) {
    var params = new URLSearchParams();
    items.slice(0, SHEET_MAX).forEach(function (item) {
      params.append("id", item.id);
      if (item.near) { params.append("at", item.id + ":" + item.near); }
    });
    var lang = new URLSearchParams(window.location.search).get("lang");
    if (lang) { params.set("lang", lang); }
    return "/referral?" + params.toString();
  }
  function searchKey() {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    return params.toString();
  }

  var results = document.getElementById("results");
  if (results) { results.focus(); }

  var bar = document.getElementById("referral-bar");
  var boxes = document.querySelectorAll(".pick input[name=id]");
  function render() {
    var items = load();
    if (!bar) { return; }
    bar.hidden = items.length === 0;
    bar.textContent = "";
    if (!items.length) { return; }
    // The words come from the page (data-* attributes), in the page's language.
    var words = bar.dataset;
    var text = document.createElement("span");
    text.textContent = (items.length === 1 ? words.one : words.many.replace("{n}", items.length)) + " " +
      (items.length > SHEET_MAX ? words.cut.replace("{n}", SHEET_MAX) + " " : "");
    var open = document.createElement("a");
    open.href = sheetUrl(items);
    open.textContent = words.open;
    var clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = words.clear;
    clear.addEventListener("click", function () { save([]); boxes.forEach(function (b) { b.checked = false; }); render(); });
    bar.append(text, open, " ", clear);
  }
  var start = parseInt((document.querySelector(".result-list") || {}).start || "1", 10);
  boxes.forEach(function (box, i) {
    box.checked = load().some(function (item) { return item.id === box.value; });
    box.addEventListener("change", function () {
      var items = load().filter(function (item) { return item.id !== box.value; });
      if (box.checked) {
        var near = new URLSearchParams(window.location.search).get("near") || "";
        items.push({ id: box.value, name: box.dataset.name, search: searchKey(), rank: start + i,
                     near: near.trim() });
      }
      save(ordered(items));
      render();
    });
  });
  var form = document.querySelector(".referral-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      var items = load();
      if (items.length) { event.preventDefault(); window.location.href = sheetUrl(items); }
    });
  }
  render();

  var printButton = document.getElementById("print-sheet");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
  var clearButton = document.getElementById("clear-list");
  if (clearButton) {
    clearButton.addEventListener("click", function () { save([]); window.location.href = clearButton.dataset.then; });
  }
  var empty = document.getElementById("referral-empty");
  if (empty && load().length) {
    var link = document.createElement("a");
    link.href = sheetUrl(load());
    link.textContent = empty.dataset.open.replace("{n}", load().length);
    empty.append(" ", link);
  }
})();
