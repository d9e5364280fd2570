// The HTML edition's behaviours, offline, no library: footnotes open in place
// under their paragraph, each chapter ends with links to its neighbours, and
// data numbers show their origin when tapped.
(function () {
  "use strict";

  function noteHtml(id) {
    var item = document.getElementById(id);
    if (!item) { return null; }
    var copy = item.cloneNode(true);
    copy.querySelectorAll(".footnote-back").forEach(function (a) { a.remove(); });
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

  // every data number shows its origin on tap or keyboard focus (CSS :focus)
  document.querySelectorAll("span.num").forEach(function (span) { span.tabIndex = 0; });

  // a table cell's origin shows in a panel at the foot of the window: a box
  // under the cell would be clipped by the table's scrolling wrapper
  var panel = document.createElement("div");
  panel.id = "cell-origin";
  panel.setAttribute("role", "status");
  panel.hidden = true;
  document.body.appendChild(panel);
  document.querySelectorAll("span.cell").forEach(function (cell) {
    cell.tabIndex = 0;
    cell.addEventListener("focus", function () {
      panel.textContent = cell.getAttribute("title");
      panel.hidden = false;
    });
    cell.addEventListener("blur", function () { panel.hidden = true; });
  });

  // on a phone the 目录 panel closes when a link in it is followed
  document.querySelectorAll("nav#TOC a").forEach(function (a) {
    a.addEventListener("click", function () {
      document.getElementById("toc-toggle").checked = false;
    });
  });
})();
