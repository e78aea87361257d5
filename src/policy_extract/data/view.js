// policy-extract review page: interaction only. Every document's panel was rendered by policy_extract.view
// and waits as inert text in <script type="text/html" id="pe-doc-N">; only the selected one becomes DOM,
// so a page of a thousand documents opens as fast as a page of one. Offsets are never computed here.
"use strict";
(() => {
  const panel = document.getElementById("pe-panel");
  const tip = document.getElementById("pe-tip");
  const search = document.getElementById("pe-search");
  const links = Array.from(document.querySelectorAll(".pe-nav a[data-doc]"));
  let fields = {};  // item key -> [kind, heading, [[label, value], …]] for the shown document

  function show(index) {
    const source = document.getElementById("pe-doc-" + index);
    if (!source) return false;
    hideTip();
    panel.innerHTML = source.textContent;
    fields = JSON.parse(document.getElementById("pe-info-" + index).textContent);
    for (const a of links) a.setAttribute("aria-current", String(a.dataset.doc === String(index)));
    document.title = panel.querySelector(".pe-doc").dataset.title;
    return true;
  }

  function fromHash() {
    const wanted = decodeURIComponent(location.hash.replace(/^#doc=/, ""));
    const link = links.find((a) => a.dataset.id === wanted);
    return link ? Number(link.dataset.doc) : 0;
  }

  // Scroll to an item's highlight, flash every piece of it, and focus it (which shows its fields).
  function go(key) {
    const parts = panel.querySelectorAll('.pe-text [data-k="' + CSS.escape(key) + '"]');
    if (!parts.length) return;
    parts[0].scrollIntoView({ block: "center" });
    for (const part of parts) {
      part.classList.remove("pe-flash");
      void part.offsetWidth;  // restart the animation when the same row is clicked again
      part.classList.add("pe-flash");
    }
    parts[0].focus({ preventScroll: true });
  }

  function row(label, value) {
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = label;
    dd.textContent = value;
    return [dt, dd];
  }

  // The fields of the item under the pointer or focus and of every item around it, innermost first.
  function showTip(mark) {
    const keys = [];
    for (let el = mark; el && el !== panel; el = el.parentElement) {
      const key = el.dataset && el.dataset.k;
      if (key && !keys.includes(key) && fields[key]) keys.push(key);
    }
    if (!keys.length) return;
    tip.replaceChildren(...keys.map((key) => {
      const [kind, heading, pairs] = fields[key];
      const section = document.createElement("section");
      section.className = "pe-tip-" + kind;
      const h = document.createElement("h3");
      h.textContent = heading;
      const dl = document.createElement("dl");
      dl.append(...pairs.flatMap(([label, value]) => row(label, value)));
      section.append(h, dl);
      return section;
    }));
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + window.scrollX + "px";
    const below = box.bottom + 6;
    const top = below + tip.offsetHeight > window.innerHeight ? box.top - tip.offsetHeight - 6 : below;
    tip.style.top = Math.max(4, top) + window.scrollY + "px";
  }

  function hideTip() { tip.hidden = true; }

  panel.addEventListener("mouseover", (e) => {
    const mark = e.target.closest("mark[data-k]");
    if (mark) showTip(mark);
  });
  panel.addEventListener("mouseout", (e) => {
    if (!(e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest("mark[data-k]"))) hideTip();
  });
  panel.addEventListener("focusin", (e) => {
    if (e.target.matches("mark[data-k]")) showTip(e.target);
  });
  panel.addEventListener("focusout", hideTip);
  panel.addEventListener("click", (e) => {
    const target = e.target.closest("[data-go]");
    if (target) go(target.dataset.go);
  });
  panel.addEventListener("keydown", (e) => {
    const target = e.target.closest("[data-go]");
    if (target && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      go(target.dataset.go);
    }
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });

  for (const box of document.querySelectorAll(".pe-legend input[data-kind]")) {
    box.addEventListener("change", () => document.body.classList.toggle("pe-off-" + box.dataset.kind, !box.checked));
  }

  if (search) {
    const count = document.getElementById("pe-count");
    const filter = () => {
      const q = search.value.trim().toLowerCase();
      let shown = 0;
      for (const a of links) {
        const hit = a.dataset.id.toLowerCase().includes(q);
        a.parentElement.hidden = !hit;
        shown += hit;
      }
      count.textContent = shown + " of " + links.length + " documents";
    };
    search.addEventListener("input", filter);
    search.addEventListener("keydown", (e) => {
      const first = links.find((a) => !a.parentElement.hidden);
      if (e.key === "Enter" && first) first.click();
    });
    filter();
  }
  window.addEventListener("hashchange", () => { show(fromHash()); window.scrollTo(0, 0); });
  show(fromHash());
})();
