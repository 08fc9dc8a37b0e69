// In the Open: two mends to the theme's script, on every page.
(() => {
  "use strict";

  // 1. No request for a sitemap beside a feed.
  //
  // The theme's script fetches `sitemap.xml` beside every <link rel="alternate"> of a page,
  // to keep a reader's place when switching between language versions of a whole site. Our
  // feed links and a post's translations are alternates too, written with the live site's
  // full address: from a preview host each would be a request to the live site, and on the
  // live site a wasted download or a 404. Those fetches are answered here, with an empty
  // sitemap and no request; the theme then does what it does when a sitemap is missing.
  // Alternates the theme writes itself (relative ones, from `extra.alternate`) are left be.
  const empty = "data:application/xml,%3Curlset%2F%3E";
  const ours = () => {
    const found = new Set();
    for (const link of document.querySelectorAll("link[rel=alternate]")) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.getAttribute("href") || "")) {
        found.add(new URL("sitemap.xml", link.href).href);
      }
    }
    return found;
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    let address = null;
    try {
      address = new URL(url, document.baseURI).href;
    } catch (error) {
      address = null;
    }
    const answered = address !== null && address.endsWith("/sitemap.xml") && ours().has(address);
    return open.call(this, method, answered ? empty : url, ...rest);
  };

  // 2. A table too wide for the screen scrolls sideways in a region the keyboard can reach.
  //
  // The theme wraps each table in a box that scrolls; on a phone a keyboard could not
  // reach it (WCAG 2.1.1). Each box that scrolls becomes a labelled region in the tab
  // order; one that fits leaves the tab order alone.
  const BOXES = ".md-typeset__scrollwrap";
  const named = (box) => {
    const table = box.querySelector("table");
    if (table === null) return "Table";
    if (table.caption) return table.caption.textContent.trim().replace(/\s+/g, " ");
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    return heads.length ? `Table: ${heads.join(", ")}` : "Table";
  };
  const regions = () => {
    for (const box of document.querySelectorAll(BOXES)) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", named(box));
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  };
  // The theme's own hook for scripts like this one (it wraps the tables first), else the
  // page's load; and again whenever the width changes.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(regions);
  } else {
    document.addEventListener("DOMContentLoaded", regions);
  }
  window.addEventListener("resize", regions);
})();
