// gongbao's browser search, part 2: the header search box of every page
// (partials/search.html). Part 1, gongbao-search.js, loads the index and answers queries; this
// file shows the results (built with createElement/textContent, never HTML from data), their
// excerpts and the total, and makes the box usable from the keyboard.
(function () {
  "use strict";
  var core = window.gongbaoSearch;
  if (!core) return;
  var part = core.part, manifest = core.manifest, store = core.store, search = core.search;
  var BASE = core.base;
  var KIND_NAMES = { policy: "政策文件", interpretation: "政策解读", gazette: "公报", page: "页面" };
  var PAGE_SIZE = 10;

  // ------------------------------------------------------------------ display

  // Text with every needle marked; built node by node (no HTML from data).
  function marked(parent, text, needles) {
    var lower = text.toLowerCase(), at = 0;
    while (at < text.length) {
      var best = -1, width = 0;
      needles.forEach(function (needle) {
        var k = lower.indexOf(needle, at);
        if (k >= 0 && (best < 0 || k < best || (k === best && needle.length > width))) { best = k; width = needle.length; }
      });
      if (best < 0) break;
      if (best > at) parent.appendChild(document.createTextNode(text.slice(at, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + width);
      parent.appendChild(mark);
      at = best + width;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function excerpt(text, needles) {
    var lower = text.toLowerCase(), first = -1;
    needles.forEach(function (needle) {
      var k = lower.indexOf(needle);
      if (k >= 0 && (first < 0 || k < first)) first = k;
    });
    var start = Math.max(0, first - 30), end = Math.min(text.length, Math.max(first, 0) + 90);
    var line = text.slice(start, end).replace(/\s+/g, " ");
    return (start > 0 ? "…" : "") + line + (end < text.length ? "…" : "");
  }
  // The excerpt's text: the chunk where the first hit's position falls, else the first chunk
  // that has a needle (chunks after the first are separate files: a result loads one or two).
  function contains(text, needles) {
    var lower = text.toLowerCase();
    return needles.some(function (needle) { return lower.indexOf(needle) >= 0; });
  }
  function chunkText(hit, data) {
    var more = data.c || [];
    function text(k) {
      return k === 0 ? Promise.resolve(data.x || "") : part("x", hit.doc + "-" + k).then(String);
    }
    if (hit.first !== null && hit.first !== undefined) {
      var k = 0;
      while (k < more.length && more[k] <= hit.first) k++;
      return text(k);
    }
    function scan(k) {
      return text(k).then(function (chunk) {
        if (contains(chunk, current.needles)) return chunk;
        if (k >= more.length) return data.x || "";  // the phrase spans two chunks: the opening
        return scan(k + 1);
      });
    }
    return scan(0);
  }
  var current = null;
  function item(data, body, needles, root) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(data.u, new URL("../../", BASE)).href;
    link.setAttribute("data-search-result", "");
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    marked(title, data.t, needles);
    var line = document.createElement("p");
    line.className = "gb-search__meta";
    line.textContent = [KIND_NAMES[data.k], data.n, data.d, data.i].filter(Boolean).join(" · ");
    var paragraph = document.createElement("p");
    marked(paragraph, excerpt(body, needles), needles);
    article.appendChild(title);
    article.appendChild(line);
    article.appendChild(paragraph);
    link.appendChild(article);
    li.appendChild(link);
    root.appendChild(li);
  }

  function install(box) {
    var input = box.querySelector("[data-search-input]");
    var list = box.querySelector("[data-search-list]");
    var total = box.querySelector("[data-search-total]");
    var kindSelect = box.querySelector("[data-search-kind]");
    var yearSelect = box.querySelector("[data-search-year]");
    var more = box.querySelector("[data-search-more]");
    var toggle = document.getElementById("__search");
    var shown = 0, serial = 0, timer = 0;

    function status(text, count) {
      total.textContent = text;
      if (count === undefined) total.removeAttribute("data-count");
      else total.setAttribute("data-count", String(count));
    }
    function open() { if (toggle && !toggle.checked) toggle.checked = true; }
    function showMore() {
      var batch = current.results.slice(shown, shown + PAGE_SIZE);
      var mine = serial;
      shown += batch.length;
      return Promise.all(batch.map(function (hit) {
        return part("d", hit.doc).then(function (data) {
          return chunkText(hit, data).then(function (body) { return [data, body]; });
        });
      })).then(function (docs) {
        if (mine !== serial) return;
        docs.forEach(function (pair) { item(pair[0], pair[1], current.needles, list); });
        more.hidden = shown >= current.results.length;
      });
    }
    function years() {
      if (yearSelect.options.length > 1 || !store.m) return;
      store.m.years.forEach(function (y) {
        var option = document.createElement("option");
        option.value = String(y);
        option.textContent = y + " 年";
        yearSelect.appendChild(option);
      });
    }
    function run() {
      var query = input.value.trim();
      var mine = ++serial;
      while (list.firstChild) list.removeChild(list.firstChild);
      more.hidden = true;
      if (!query) { status("输入词语、短语（可加引号）或文号"); return Promise.resolve(); }
      status("正在搜索…");
      var year = parseInt(yearSelect.value, 10) || 0;
      return search(query, kindSelect.value, year).then(function (found) {
        if (mine !== serial) return;
        years();
        current = found;
        shown = 0;
        var n = found.results.length;
        status(n ? "共 " + n + " 条结果" : "没有找到符合条件的结果", n);
        return showMore();
      }, function () {
        if (mine === serial) status("搜索索引未能加载，请稍后再试");
      });
    }
    box.gongbaoRun = run;  // tests and other scripts may run the current query at once
    input.addEventListener("focus", function () { open(); manifest().then(years, function () {}); });
    input.addEventListener("input", function () {
      open();
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        if (toggle) toggle.checked = false;
        input.blur();
      } else if (event.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var k = links.indexOf(document.activeElement);
      if (k < 0) return;
      if (event.key === "ArrowDown" && k + 1 < links.length) { event.preventDefault(); links[k + 1].focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (k ? links[k - 1] : input).focus(); }
      else if (event.key === "Escape") { input.focus(); }
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    box.querySelector("form").addEventListener("reset", function () {
      setTimeout(run, 0);
      input.focus();
    });
    kindSelect.addEventListener("change", run);
    yearSelect.addEventListener("change", run);
    more.addEventListener("click", showMore);
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open();
        input.focus();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-gb-search]"), function (box) {
      if (!box.gongbaoRun) install(box);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
