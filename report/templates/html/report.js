// The HTML edition's behaviours, offline, no library: footnotes open in place
// under their paragraph, each chapter ends with links to its neighbours, data
// numbers show their origin when tapped, tables copy as tab-separated text and
// link to their sheet in the tables workbook, the 目录 marks the section being
// read, the search finds words in the report and the briefs (the index is in
// the page: nanjiang.documents.search), and a printed page carries the title
// and its chapter at its head.
(function () {
  "use strict";

  var INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
  var api = window.nanjiang = {};

  // ------------------------------------------------------------ footnotes

  function noteHtml(id) {
    var item = document.getElementById(id);
    if (!item) { return null; }
    var copy = item.cloneNode(true);
    copy.querySelectorAll(".footnote-back").forEach(function (a) { a.remove(); });
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    return copy.innerHTML;
  }

  document.querySelectorAll("a.footnote-ref").forEach(function (ref) {
    ref.setAttribute("aria-expanded", "false");
    ref.addEventListener("click", function (event) {
      event.preventDefault();
      var id = ref.getAttribute("href").slice(1);
      var open = document.querySelector('.fn-inline[data-note="' + id + '"]');
      if (open) {
        open.remove();
        ref.setAttribute("aria-expanded", "false");
        return;
      }
      var html = noteHtml(id);
      if (html === null) { return; }
      // under the paragraph, so the sentence itself is not split
      var block = ref.closest("p, li, td, th, figcaption, div") || ref;
      var box = document.createElement("div");
      box.className = "fn-inline";
      box.setAttribute("role", "note");
      box.dataset.note = id;
      box.innerHTML = html;
      block.after(box);
      ref.setAttribute("aria-expanded", "true");
    });
  });

  // ------------------------------------------------------------ chapter navigation

  var chapters = Array.prototype.slice.call(document.querySelectorAll("section.level1"));
  chapters.forEach(function (chapter, i) {
    var nav = document.createElement("nav");
    nav.className = "chapter-nav";
    nav.setAttribute("aria-label", "章节导航");
    [[chapters[i - 1], "← "], [chapters[i + 1], ""]].forEach(function (pair) {
      var target = pair[0];
      var link = document.createElement(target ? "a" : "span");
      if (target) {
        var title = target.querySelector("h1");
        link.href = "#" + target.id;
        link.textContent = pair[1] ? "← " + title.textContent : title.textContent + " →";
      }
      nav.appendChild(link);
    });
    chapter.appendChild(nav);
  });

  // ------------------------------------------------------------ origins

  // a number of the text shows its origin in a box under it (CSS :focus),
  // moved left where it would leave the window
  document.querySelectorAll("span.num").forEach(function (span) {
    span.tabIndex = 0;
    if (span.closest("table")) { return; }
    span.addEventListener("focus", function () {
      var rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      var width = Math.min(22 * rem, window.innerWidth * 0.8);  // (as report.css)
      var left = span.getBoundingClientRect().left;
      var over = left + width - (document.documentElement.clientWidth - 8);
      span.style.setProperty("--shift", over > 0 ? -Math.min(over, left - 8) + "px" : "0px");
    });
  });

  // a table cell's origin (a report's span.cell, a brief's span.num) opens
  // in a row under the cell's row: never over the table or its caption
  function closeOrigin() {
    document.querySelectorAll("tr.origin-row").forEach(function (row) { row.remove(); });
  }
  document.querySelectorAll("table span.cell, table span.num").forEach(function (cell) {
    cell.tabIndex = 0;
    cell.addEventListener("focus", function () {
      closeOrigin();
      var row = cell.closest("tr");
      var table = cell.closest("table");
      var origin = document.createElement("tr");
      origin.className = "origin-row";
      var td = document.createElement("td");
      td.colSpan = row ? row.cells.length : 1;
      var box = document.createElement("div");
      box.id = "cell-origin";
      box.setAttribute("role", "status");
      box.textContent = cell.getAttribute("title");
      td.appendChild(box);
      origin.appendChild(td);
      if (row && row.parentNode.tagName === "TBODY") {
        row.after(origin);
      } else {  // a header cell or the caption's: under the header
        var body = table.tBodies[0] || table;
        body.insertBefore(origin, body.firstChild);
      }
    });
    cell.addEventListener("blur", closeOrigin);
  });

  // ------------------------------------------------------------ tables

  // what a spreadsheet reads from a cell: its text as shown, one line, no
  // invisible character; a number plain (no thousands separator, a minus sign
  // as "-"), so that Excel or LibreOffice pastes it as a number
  function cellText(cell) {
    var text = cell.textContent.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
    var number = text.replace(/^[\u2212\u2013\uff0d]/, "-");
    if (/^-?\d{1,3}(,\d{3})+(\.\d+)?%?$/.test(number)) { number = number.replace(/,/g, ""); }
    return /^-?\d+(\.\d+)?%?$/.test(number) ? number : text;
  }

  // a table as tab-separated text: its header rows, then its rows
  function tableText(table) {
    var rows = Array.prototype.filter.call(table.rows, function (row) {
      return !row.classList.contains("origin-row");
    });
    return rows.map(function (row) {
      return Array.prototype.map.call(row.cells, cellText).join("\t");
    }).join("\r\n") + "\r\n";
  }
  api.tableText = tableText;

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByCommand(text); });
    }
    return copyByCommand(text);
  }
  function copyByCommand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  var workbookMeta = document.querySelector('meta[name="tables-workbook"]');
  var workbook = workbookMeta && workbookMeta.content;
  document.querySelectorAll("main table").forEach(function (table) {
    var wrap = table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "复制表格";
    button.title = "复制为制表符分隔的文本，可直接粘贴到 Excel 或 WPS 表格（含表头）";
    button.addEventListener("click", function () {
      copyText(tableText(table)).then(function () {
        button.textContent = "已复制";
      }, function () {
        button.textContent = "无法复制";
      }).then(function () {
        button.classList.add("copied");
        setTimeout(function () {
          button.textContent = "复制表格";
          button.classList.remove("copied");
        }, 2000);
      });
    });
    tools.appendChild(button);
    var sheet = table.dataset.sheet;
    if (workbook && sheet) {
      var link = document.createElement("a");
      link.className = "table-sheet";
      // Excel's and LibreOffice's form of a link to a cell of a sheet
      link.href = workbook + "#'" + sheet + "'!A1";
      link.textContent = "表格工作簿：工作表“" + sheet + "”";
      link.title = "在 " + workbook.split("/").pop() + " 中，本表在工作表“" + sheet + "”";
      tools.appendChild(link);
    }
    wrap.before(tools);
    // the caption's text, kept in view when the table scrolls
    var caption = table.caption;
    if (caption && !caption.querySelector(".caption-text")) {
      var span = document.createElement("span");
      span.className = "caption-text";
      while (caption.firstChild) { span.appendChild(caption.firstChild); }
      caption.appendChild(span);
    }
  });

  // a table wider than its box: .wide (the caption to the left, kept in view)
  function measureTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("wide", wide);
      wrap.style.setProperty("--wrap-width", wrap.clientWidth + "px");
    });
  }
  measureTables();
  window.addEventListener("resize", measureTables);

  // ------------------------------------------------------------ 目录

  var toggle = document.getElementById("toc-toggle");
  document.querySelectorAll("nav#TOC a").forEach(function (a) {
    a.addEventListener("click", function () { if (toggle) { toggle.checked = false; } });
  });
  // the 目录 button by keyboard too
  var tocButton = document.querySelector("label.toc-button");
  if (tocButton && toggle) {
    tocButton.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle.checked = !toggle.checked;
      }
    });
  }

  // the section being read: the last heading above the top third of the window
  var toc = document.getElementById("TOC");
  var marked = [];
  var headings = [];
  if (toc) {
    document.querySelectorAll("main section[id] > :is(h1, h2, h3, h4):first-child").forEach(function (h) {
      var link = toc.querySelector('a[href="#' + CSS.escape(h.parentNode.id) + '"]');
      if (link) { headings.push({ heading: h, link: link }); }
    });
  }
  function markCurrent() {
    var line = window.innerHeight / 3;
    var current = null;
    headings.forEach(function (entry) {
      if (entry.heading.getBoundingClientRect().top <= line) { current = entry; }
    });
    marked.forEach(function (a) { a.classList.remove("current", "current-chapter"); a.removeAttribute("aria-current"); });
    marked = [];
    if (!current) { return; }
    current.link.classList.add("current");
    current.link.setAttribute("aria-current", "location");
    marked.push(current.link);
    var item = current.link.parentNode.parentNode.closest("li");
    while (item) {
      var up = item.querySelector(":scope > a");
      if (up) { up.classList.add("current-chapter"); marked.push(up); }
      item = item.parentNode.closest("li");
    }
    // the mark in view inside the 目录 (the 目录 scrolls, not the page)
    var box = toc.getBoundingClientRect();
    var at = current.link.getBoundingClientRect();
    if (at.top < box.top + 40 || at.bottom > box.bottom - 20) {
      toc.scrollTop += at.top - box.top - box.height / 3;
    }
  }
  api.markCurrent = markCurrent;
  if (headings.length && "IntersectionObserver" in window) {
    // told when a section of the 目录 starts or stops holding the line a
    // third down the window (the root: a band one hundredth high there)
    var observer = new IntersectionObserver(markCurrent, { rootMargin: "-33% 0px -66% 0px" });
    headings.forEach(function (entry) { observer.observe(entry.heading.parentNode); });
    markCurrent();
  }

  // ------------------------------------------------------------ search

  var indexData = document.getElementById("search-index");
  var form = document.getElementById("search");
  var input = document.getElementById("search-input");
  var panel = document.getElementById("search-results");
  var index = null;

  function loadIndex() {
    if (index) { return index; }
    var data = JSON.parse(indexData.textContent);
    var page = indexData.dataset.page || "";
    var up = "../".repeat((page.match(/\//g) || []).length);
    var words = new Map();
    var longest = 1;
    Object.keys(data.words).forEach(function (w) {
      words.set(w, data.words[w]);
      longest = Math.max(longest, w.length);
    });
    // each block's chapter and nearest heading, and its link from this page
    var blocks = [];
    var chapter = null;
    var heading = null;
    var lastDoc = -1;
    data.blocks.forEach(function (b, n) {
      var doc = b[0];
      if (doc !== lastDoc) { chapter = heading = null; lastDoc = doc; }
      if (b[2] === 1) { chapter = b[3]; heading = null; } else if (b[2] > 1) { heading = b[3]; }
      var path = data.docs[doc][0];
      blocks.push({
        n: n, doc: doc, id: b[1], level: b[2], text: b[3], lower: b[3].toLowerCase(),
        chapter: chapter, heading: b[2] ? null : heading,
        href: (path === page ? "" : up + path) + "#" + b[1]
      });
    });
    // the page whose search covers the whole edition (a brief's: the report's)
    var all = indexData.dataset.all || page;
    index = { docs: data.docs, blocks: blocks, words: words, longest: longest,
              total: blocks.length, page: page,
              all: all === page ? "" : up + all };
    return index;
  }

  // a query cut into the words of the index: the fewest words, of equal cuts
  // the more frequent; characters the index does not know stay together
  function cut(part) {
    var words = index.words;
    var n = part.length;
    var best = [{ count: 0, score: 0 }];
    for (var i = 0; i < n; i++) {
      if (!best[i]) { continue; }
      for (var j = i + 1; j <= Math.min(n, i + index.longest); j++) {
        var w = part.slice(i, j);
        var known = words.has(w);
        if (!known && j > i + 1) { continue; }
        var count = best[i].count + 1;
        var score = best[i].score + (known ? Math.log(1 + words.get(w).length) : -3);
        var here = best[j];
        if (!here || count < here.count || (count === here.count && score > here.score)) {
          best[j] = { count: count, score: score, from: i, known: known };
        }
      }
    }
    var terms = [];
    for (var end = n; end > 0; end = best[end].from) {
      terms.unshift({ text: part.slice(best[end].from, end), known: best[end].known });
    }
    // unknown characters side by side are one term (a number, a name)
    var merged = [];
    terms.forEach(function (t) {
      var last = merged[merged.length - 1];
      if (last && !last.known && !t.known) { last.text += t.text; } else { merged.push(t); }
    });
    return merged.map(function (t) { return t.text; });
  }

  function search(query) {
    loadIndex();
    var parts = query.toLowerCase().replace(INVISIBLE, "").split(/\s+/).filter(Boolean);
    var terms = [];
    parts.forEach(function (part) {
      (index.words.has(part) ? [part] : cut(part)).forEach(function (t) {
        if (terms.indexOf(t) < 0) { terms.push(t); }
      });
    });
    if (!terms.length) { return { terms: [], parts: [], results: [] }; }
    var wordOf = terms.map(function (t) { return index.words.has(t) ? new Set(index.words.get(t)) : null; });
    var weight = terms.map(function (t) {
      var df = index.words.has(t) ? index.words.get(t).length : 1;
      return Math.log(1 + index.total / df);
    });
    var results = [];
    index.blocks.forEach(function (b) {
      var score = 0;
      for (var k = 0; k < terms.length; k++) {
        if (b.lower.indexOf(terms[k]) < 0) { return; }
        // a word of the block, or only inside another word
        score += (wordOf[k] && wordOf[k].has(b.n)) || !wordOf[k] ? weight[k] : weight[k] * 0.2;
      }
      var whole = parts.every(function (p) { return b.lower.indexOf(p) >= 0; });
      var asWords = wordOf.every(function (s) { return !s || s.has(b.n); });
      if (whole && asWords) { score += 10; }
      if (b.level) { score += 2; }
      results.push({ block: b, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score || a.block.n - b.block.n; });
    return { terms: terms, parts: parts, results: results };
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // the block's text around the first word found, the words marked
  function snippet(block, found) {
    var text = block.text;
    var at = -1;
    found.forEach(function (t) {
      var i = block.lower.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) { at = i; }
    });
    var start = Math.max(0, at - 24);
    var end = Math.min(text.length, start + 90);
    var piece = text.slice(start, end);
    var lower = piece.toLowerCase();
    var marks = [];
    found.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (t) {
      for (var i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + t.length)) {
        var clash = marks.some(function (m) { return i < m[1] && i + t.length > m[0]; });
        if (!clash) { marks.push([i, i + t.length]); }
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var html = "";
    var pos = 0;
    marks.forEach(function (m) {
      html += escapeHtml(piece.slice(pos, m[0])) + "<mark>" + escapeHtml(piece.slice(m[0], m[1])) + "</mark>";
      pos = m[1];
    });
    html += escapeHtml(piece.slice(pos));
    return (start > 0 ? "…" : "") + html.replace(/\t/g, " ｜ ") + (end < text.length ? "…" : "");
  }

  var SHOWN = 100;
  function render(query) {
    var found = search(query);
    panel.innerHTML = "";
    panel.hidden = false;
    panel.dataset.query = query;
    var count = document.createElement("p");
    count.className = "search-count";
    var n = found.results.length;
    count.textContent = !found.terms.length ? "" :
      n === 0 ? "未找到“" + query.trim() + "”" :
      "找到 " + n + " 处" + (n > SHOWN ? "，显示前 " + SHOWN + " 处" : "") +
      "（检索词：" + found.terms.join(" ") + "）";
    panel.appendChild(count);
    var list = document.createElement("ol");
    found.results.slice(0, SHOWN).forEach(function (r) {
      var b = r.block;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = b.href;
      a.dataset.doc = index.docs[b.doc][0];
      var where = [index.docs[b.doc][1], b.chapter, b.heading].filter(function (x, i, all) {
        return x && all.indexOf(x) === i;
      });
      a.innerHTML = '<span class="where">' + escapeHtml(where.join(" › ")) + "</span>" +
        snippet(b, found.parts.concat(found.terms));
      a.addEventListener("click", function () { panel.hidden = true; });
      li.appendChild(a);
      list.appendChild(li);
    });
    panel.appendChild(list);
    // a brief's search covers the brief: the whole edition is searched on the report's page
    if (index.all && found.terms.length) {
      var more = document.createElement("a");
      more.className = "search-all";
      more.href = index.all + "?q=" + encodeURIComponent(query.trim());
      more.textContent = "在研究报告（含附录）和全部简报中搜索“" + query.trim() + "” →";
      panel.appendChild(more);
    }
  }
  api.search = function (query) {
    return search(query).results.map(function (r) {
      return { doc: index.docs[r.block.doc][0], id: r.block.id, href: r.block.href, text: r.block.text };
    });
  };

  if (indexData && form && input && panel) {
    form.hidden = false;
    if (indexData.dataset.all && indexData.dataset.all !== indexData.dataset.page) {
      input.placeholder = "搜索本简报（回车：搜索报告和全部简报）";
    }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (input.value.trim()) { render(input.value); } else { panel.hidden = true; }
      }, 120);
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() && panel.childNodes.length) { panel.hidden = false; }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.value.trim()) { return; }
      render(input.value);
      var first = panel.querySelector(index.all ? "a.search-all" : "li a");
      if (first) { first.click(); }
    });
    // a query given in the address (a brief's search sent on: ?q=…)
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) {
      input.value = asked;
      render(asked);
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = panel.querySelector("li a");
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        panel.hidden = true;
      }
    });
    panel.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("li a"));
      var i = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && i >= 0 && i < links.length - 1) {
        event.preventDefault(); links[i + 1].focus();
      } else if (event.key === "ArrowUp" && i >= 0) {
        event.preventDefault();
        if (i === 0) { input.focus(); } else { links[i - 1].focus(); }
      } else if (event.key === "Escape") {
        panel.hidden = true; input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !panel.contains(event.target) && !form.contains(event.target)) {
        panel.hidden = true;
      }
    });
  }

  // ------------------------------------------------------------ print

  // running heads: the document's title on every page but the first, each
  // chapter's title on its pages (a named page per chapter: Chromium prints
  // @page margin boxes, not running strings)
  function cssString(text) {
    return '"' + text.replace(/\s+/g, " ").trim().replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }
  var HEAD = 'font: 9pt "Noto Sans CJK SC", sans-serif; color: #555;';
  var titleEl = document.querySelector(".cover .title");
  var title = (titleEl ? titleEl.textContent : document.title) || "";
  // a page whose first heading is its title (a brief) shows the title once
  var firstHeading = document.querySelector("main h1");
  if (firstHeading && firstHeading.textContent.trim() === title.trim()) {
    document.body.classList.add("titled-by-heading");
  }
  var rules = ["@page { @top-left { content: " + cssString(title) + "; " + HEAD + " } }",
               "@page :first { @top-left { content: none; } }"];
  chapters.forEach(function (chapter, i) {
    var h = chapter.querySelector("h1");
    // (a brief's one section is titled as the brief: no second head, no page break)
    if (!h || h.textContent.trim() === title.trim()) { return; }
    var name = "chapter-" + (i + 1);
    chapter.style.setProperty("page", name);
    rules.push("@page " + name + " { @top-right { content: " + cssString(h.textContent) +
               "; " + HEAD + " } }");
  });
  var printStyle = document.createElement("style");
  printStyle.media = "print";
  printStyle.id = "running-heads";
  printStyle.textContent = rules.join("\n");
  document.head.appendChild(printStyle);
})();
