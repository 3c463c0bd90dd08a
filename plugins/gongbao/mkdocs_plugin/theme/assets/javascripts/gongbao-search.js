// gongbao's browser search, part 1: the index and what a query means. Part 2,
// gongbao-search-ui.js (loaded after this file), is the header search box of every page
// (partials/search.html): results, excerpts, keyboard.
//
// The index (core/search/browser/writer.py) is a set of script files under search/gongbao/
// that call window.__gongbaoSearch(kind, id, data): scripts load from file:// (an offline
// 查阅点), fetch() does not. A query loads the manifest once, then only the shard files of the
// character pairs it needs and the few documents it shows.
//
// Semantics: every query word must match (AND); a word matches where it is a substring of the
// text (a Chinese phrase whatever a segmenter would make of it, never across punctuation);
// "quoted words" must be adjacent; a 文号 in any common spelling lists its document first.
// Functions marked "twin" must give what their namesakes in core/search/browser/text.py give.
(function () {
  "use strict";
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var KINDS = ["policy", "interpretation", "gazette", "page"];
  var DIGIT = {};
  for (var i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charAt(i)] = i;

  var here = document.currentScript ? document.currentScript.src : "";
  // assets/javascripts/gongbao-search.js -> the site's root
  var BASE = here ? new URL("../../search/gongbao/", here).href : "";

  var store = { m: null, t: {}, p: {}, n: {}, d: {}, x: {} };
  window.__gongbaoSearch = function (kind, id, data) {
    if (kind === "m") store.m = data;
    else if (store[kind]) store[kind][id] = data;
  };

  var loading = {};
  function load(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.async = true;
        tag.onload = function () { resolve(); };
        tag.onerror = function () { delete loading[url]; reject(new Error(url)); };
        document.head.appendChild(tag);
      });
    }
    return loading[url];
  }
  function manifest() {
    return load(BASE + "index.js").then(function () {
      if (!store.m) throw new Error("index");
      return store.m;
    });
  }
  function part(kind, id) {
    if (store[kind][id] !== undefined) return Promise.resolve(store[kind][id]);
    return load(BASE + store.m.id + "/" + kind + "/" + id + ".js").then(function () {
      return store[kind][id] !== undefined ? store[kind][id] : {};
    });
  }

  // ------------------------------------------------------------------ twins of text.py

  function decode(text) {
    var values = [], value = 0, shift = 0;
    for (var k = 0; k < text.length; k++) {
      var digit = DIGIT[text.charAt(k)];
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) shift += 5;
      else { values.push(value); value = 0; shift = 0; }
    }
    return values;
  }
  function termHash(a, b, c, d) {  // twin of term_hash (code points; 0 where none)
    var h = (Math.imul(a, 0x9E3779B1) ^ Math.imul(b || 0, 0x85EBCA77) ^
      Math.imul(c || 0, 0xC2B2AE35) ^ Math.imul(d || 0, 0x27D4EB2F)) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2C1B3C6D) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    return h;
  }
  function fnv1a(text) {  // twin of fnv1a
    var h = 0x811C9DC5;
    for (var ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }
  var DOCNO = /^([\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z\s]*?)\s*[〔\[［(（【〖{｛]\s*(\d{4}|\d{2})\s*[〕\]］)）】〗}｝]\s*(第?)\s*(\d+)\s*号$/;
  var ORDER_ALIASES = {"国务院令": "国令"};  // twin of docnumber.ORDER_ALIASES (tested)
  function docKey(value) {  // twin of docnumber_lookup_key
    var text = value.normalize("NFKC").replace(/[\u00ad\u200b-\u200f\u2060\ufeff]/g, "").trim();
    var m = DOCNO.exec(text);
    if (m) {
      var year = m[2];
      if (year.length === 2) year = (parseInt(year, 10) > 50 ? "19" : "20") + year;
      return (m[1].replace(/\s+/g, "") + year + "-" + (m[4].replace(/^0+/, "") || "0") + "号").toLowerCase();
    }
    text = text.replace(/(?<=\d)年/g, "-");
    text = text.replace(/[\s〔〕\[\]［］()（）【】〖〗{}｛｝第\-－—]+/g, "-");
    text = text.replace(/\d+/g, function (d) { return d.replace(/^0+/, "") || "0"; });
    text = text.replace(/-+/g, "-");
    text = text.replace(/-(?!\d)|(?<!\d)-/g, "");
    if (text.indexOf("-") < 0) {
      text = text.replace(/((?:19|20)\d\d)(\d+号)$/, "$1-$2");
      var order = /^(.+令)(\d+号)$/.exec(text);
      if (order && ORDER_ALIASES.hasOwnProperty(order[1])) text = ORDER_ALIASES[order[1]] + order[2];
    }
    return text.toLowerCase();
  }
  function looksLikeDocnumber(query) {  // twin of looks_like_docnumber
    query = query.normalize("NFKC").trim();
    return /\d\s*号$/.test(query) && query.length <= 40;
  }
  // The query side of normalize_text (core/textnorm.py): full-width letters and digits, the
  // ideographic space and Kangxi radicals become what the indexed text has; then lower case.
  var KEPT = "，：；！？（）［］｛｝";
  function normalise(text) {
    var out = "";
    for (var ch of text.normalize("NFC")) {
      var c = ch.codePointAt(0);
      if (c === 0x3000) out += " ";
      else if (c >= 0xFF01 && c <= 0xFF5E && KEPT.indexOf(ch) < 0) out += String.fromCharCode(c - 0xFEE0);
      else if (c >= 0x2E80 && c <= 0x2FDF) out += ch.normalize("NFKC");
      else out += ch;
    }
    return out.toLowerCase();
  }
  var WORD = /[\p{L}\p{N}]/u;
  function isWord(ch) {  // twin of word_mask
    var c = ch.codePointAt(0);
    return c < 0x10000 ? WORD.test(ch) : c >= 0x20000 && c <= 0x3FFFF;
  }
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  function isHan(ch) {
    var c = ch.codePointAt(0);
    return c < 0x10000 ? HAN.test(ch) : c >= 0x20000 && c <= 0x3FFFF;
  }
  function pieces(text) {  // runs of letters and digits: what the index keeps
    var out = [], run = "";
    for (var ch of text) {
      if (isWord(ch)) run += ch;
      else if (run) { out.push(run); run = ""; }
    }
    if (run) out.push(run);
    return out;
  }

  // ------------------------------------------------------------------ queries

  // Groups of pieces: a quoted phrase is one group whose pieces must be adjacent; each piece
  // of an unquoted word is a group of its own. Every group must match.
  function parse(raw) {
    var text = normalise(raw).replace(/[“”「」『』＂]/g, '"');
    var groups = [], parts = text.split('"');
    parts.forEach(function (chunk, k) {
      if (k % 2 === 1) {
        var list = pieces(chunk);
        if (list.length) groups.push(list);
      } else {
        pieces(chunk).forEach(function (piece) { groups.push([piece]); });
      }
    });
    return groups;
  }
  // The pairs whose positions prove a piece: offsets 0, 2, 4 ... and the last pair.
  function cover(piece) {
    var chars = Array.from(piece);
    if (chars.length === 1) return [{ term: piece, offset: 0 }];
    var out = [];
    for (var o = 0; o + 2 <= chars.length; o += 2) out.push({ term: chars[o] + chars[o + 1], offset: o });
    var last = chars.length - 2;
    if (out[out.length - 1].offset !== last) out.push({ term: chars[last] + chars[last + 1], offset: last });
    return out;
  }
  function shardOf(term, count) {
    var c = Array.from(term).map(function (ch) { return ch.codePointAt(0); });
    return termHash(c[0], c[1], c[2], c[3]) % count;
  }
  function postings(term, needPositions) {
    var m = store.m;
    var jobs = [part("t", shardOf(term, m.t))];
    if (needPositions) jobs.push(part("p", shardOf(term, m.p)));
    return Promise.all(jobs).then(function (shards) {
      var values = decode(shards[0][term] || "");
      var docs = [], counts = [], titled = [], doc = 0;
      for (var k = 0; k < values.length; k += 2) {
        doc = k === 0 ? values[k] : doc + values[k];
        docs.push(doc);
        counts.push(Math.floor(values[k + 1] / 2));
        titled.push(values[k + 1] % 2);
      }
      var list = { docs: docs, counts: counts, titled: titled, positions: null };
      if (needPositions && Array.from(term).length === 2) {
        var flat = decode(shards[1][term] || ""), at = 0, positions = [];
        for (var d = 0; d < docs.length; d++) {
          var run = [], pos = 0;
          for (var c = 0; c < counts[d]; c++) {
            pos = c === 0 ? flat[at] : pos + flat[at];
            run.push(pos);
            at++;
          }
          positions.push(run);
        }
        list.positions = positions;
      }
      return list;
    });
  }
  function has(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }
  // doc -> {count, titled, starts (slot positions, or null when not needed)}. A piece of up
  // to four characters has a document list of its own; a longer one (or one whose position
  // a quoted phrase needs) is proven by the positions of its pairs.
  var MAX_GRAM = 4;
  function matchPiece(piece, needStarts) {
    var length = Array.from(piece).length;
    var parts = !needStarts && length <= MAX_GRAM ? [{ term: piece, offset: 0 }] : cover(piece);
    var positional = parts.length > 1 || (needStarts && length > 1);
    return Promise.all(parts.map(function (p) { return postings(p.term, positional); })).then(function (lists) {
      var found = new Map();
      var index = lists.map(function (list) {
        var at = new Map();
        list.docs.forEach(function (doc, k) { at.set(doc, k); });
        return at;
      });
      lists[0].docs.forEach(function (doc, k0) {
        var ks = [];
        for (var j = 0; j < lists.length; j++) {
          var k = index[j].get(doc);
          if (k === undefined) return;
          ks.push(k);
        }
        var titled = ks.every(function (k, j) { return lists[j].titled[k] === 1; });
        if (!positional) {
          found.set(doc, { count: lists[0].counts[k0], titled: titled, starts: null });
          return;
        }
        var starts = lists[0].positions[k0].filter(function (p) {
          for (var j = 1; j < lists.length; j++) {
            if (!has(lists[j].positions[ks[j]], p + parts[j].offset)) return false;
          }
          return true;
        });
        if (starts.length) found.set(doc, { count: starts.length, titled: titled, starts: starts });
      });
      return found;
    });
  }
  function matchGroup(group) {
    var adjacent = group.length > 1;
    return Promise.all(group.map(function (piece) { return matchPiece(piece, adjacent); })).then(function (maps) {
      if (!adjacent) return maps[0];
      var found = new Map();
      maps[0].forEach(function (hit, doc) {
        var starts = hit.starts, count = hit.count, titled = hit.titled;
        for (var j = 1; j < maps.length; j++) {
          var next = maps[j].get(doc);
          if (!next) return;
          titled = titled && next.titled;
          if (starts && next.starts) {
            // Chinese is written without spaces: "海关 监管" is 海关监管. Between Latin words
            // or numbers the next one may also start after one space (one slot).
            var before = Array.from(group[j - 1]), width = before.length;
            var spaced = !(isHan(before[width - 1]) && isHan(Array.from(group[j])[0]));
            starts = [].concat.apply([], starts.map(function (p) {
              var at = [];
              if (has(next.starts, p + width)) at.push(p + width);
              if (spaced && has(next.starts, p + width + 1)) at.push(p + width + 1);
              return at;
            }));
            if (!starts.length) return;
            count = starts.length;
          } else {
            starts = next.starts;  // a single character: contained, adjacency not checked
          }
        }
        found.set(doc, { count: count, titled: titled, starts: starts });
      });
      return found;
    });
  }
  function docnumberHits(raw) {
    if (!looksLikeDocnumber(raw)) return Promise.resolve([]);
    var key = docKey(raw);
    return part("n", fnv1a(key) % store.m.n).then(function (table) { return table[key] || []; });
  }
  var metaCache = null;
  function meta() {
    if (!metaCache) {
      var values = decode(store.m.meta);
      metaCache = {
        kind: values.map(function (v) { return KINDS[v % 4]; }),
        year: values.map(function (v) { return v >= 4 ? store.m.year0 + Math.floor(v / 4) - 1 : 0; })
      };
    }
    return metaCache;
  }
  // Every matching document, best first: the 文号's own document, then title hits, then
  // by the number of matches, then newest (document numbers are in date order).
  function search(raw, kind, year) {
    return manifest().then(function () {
      var groups = parse(raw);
      return Promise.all([Promise.all(groups.map(matchGroup)), docnumberHits(raw)]);
    }).then(function (answers) {
      var maps = answers[0], numbered = answers[1], info = meta();
      var scores = new Map();
      if (maps.length) {
        maps.sort(function (a, b) { return a.size - b.size; });
        maps[0].forEach(function (hit, doc) {
          var count = hit.count, titled = hit.titled, first = hit.starts ? hit.starts[0] : null;
          for (var j = 1; j < maps.length; j++) {
            var other = maps[j].get(doc);
            if (!other) return;
            count += other.count;
            titled = titled && other.titled;
            if (first === null && other.starts) first = other.starts[0];
          }
          scores.set(doc, { doc: doc, numbered: 0, titled: titled ? 1 : 0, count: count, first: first });
        });
      }
      numbered.forEach(function (doc) {
        var hit = scores.get(doc) || { doc: doc, titled: 0, count: 0, first: null };
        hit.numbered = 1;
        scores.set(doc, hit);
      });
      var results = [];
      scores.forEach(function (hit, doc) {
        if (kind && info.kind[doc] !== kind) return;
        if (year && info.year[doc] !== year) return;
        results.push(hit);
      });
      results.sort(function (a, b) {
        return b.numbered - a.numbered || b.titled - a.titled || b.count - a.count || a.doc - b.doc;
      });
      return { results: results, needles: [].concat.apply([], groups(raw)) };
    });
  }
  function groups(raw) { return parse(raw); }

  window.gongbaoSearch = {
    search: search, part: part, manifest: manifest, store: store, base: BASE,
    docKey: docKey, termHash: termHash, fnv1a: fnv1a, parse: parse, normalise: normalise,
    looksLikeDocnumber: looksLikeDocnumber
  };
})();
