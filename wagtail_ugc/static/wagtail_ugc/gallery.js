/* wagtail-ugc galleries: lightbox, carousel buttons and "load more". Progressive: without it every item and link still works. */
(function () {
  "use strict";
  if (window.wagtailUgcGallery) return;
  window.wagtailUgcGallery = 1;

  var motion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)");
  var dialog, picture, caption, counter, links, current, opener;

  function smooth() {
    return motion && motion.matches ? "auto" : "smooth";
  }

  function make(tag, cls, parent) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  function button(cls, label, glyph, parent, action) {
    var b = make("button", cls, parent);
    b.type = "button";
    b.setAttribute("aria-label", label);
    make("span", "", b).textContent = glyph;
    b.lastChild.setAttribute("aria-hidden", "true");
    b.addEventListener("click", action);
    return b;
  }

  function label(gallery, name) {
    return gallery.getAttribute("data-ugc-label-" + name) || name;
  }

  function buildDialog(gallery) {
    if (dialog) dialog.remove();
    dialog = make("dialog", "ugc-lightbox", document.body);
    dialog.setAttribute("aria-label", label(gallery, "enlarged"));
    var figure = make("figure", "ugc-lightbox__figure", dialog);
    picture = make("img", "ugc-lightbox__image", figure);
    caption = make("figcaption", "ugc-lightbox__caption", figure);
    counter = make("p", "ugc-lightbox__counter", dialog);
    button("ugc-lightbox__previous", label(gallery, "previous"), "‹", dialog, function () { show(current - 1); });
    button("ugc-lightbox__next", label(gallery, "next"), "›", dialog, function () { show(current + 1); });
    button("ugc-lightbox__close", label(gallery, "close"), "×", dialog, function () { dialog.close(); });
    dialog.addEventListener("keydown", onKey);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () {
      if (opener && opener.isConnected) opener.focus();
    });
  }

  function show(index) {
    var many = links.length > 1;
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    picture.src = link.href;
    picture.alt = thumb ? thumb.alt : "";
    var source = link.closest("figure");
    source = source && source.querySelector("figcaption");
    caption.replaceChildren.apply(caption, source ? source.cloneNode(true).childNodes : []);
    counter.textContent = many ? current + 1 + " / " + links.length : "";
    dialog.querySelector(".ugc-lightbox__previous").hidden = !many;
    dialog.querySelector(".ugc-lightbox__next").hidden = !many;
  }

  function onKey(event) {
    if (event.key === "ArrowLeft") show(current - 1);
    else if (event.key === "ArrowRight") show(current + 1);
    else if (event.key === "Tab") {
      // Keep focus on the lightbox's own buttons while it is open.
      var buttons = [].filter.call(dialog.querySelectorAll("button, a[href]"), function (b) {
        return !b.hidden && !b.closest("[hidden]");
      });
      var first = buttons[0];
      var last = buttons[buttons.length - 1];
      if (event.shiftKey && document.activeElement === first) last.focus();
      else if (!event.shiftKey && document.activeElement === last) first.focus();
      else return;
    } else return;
    event.preventDefault();
  }

  // Engagement counts (docs/engagement.md): items seen and clicked, sent in
  // batches with sendBeacon to the URL and with the signed token of the block
  // that showed them. No cookies, nothing stored in the browser.
  var queue = [], timer = null, watcher = null;

  function itemOf(node) {
    return node && node.closest("[data-ugc-item]");
  }

  function record(item, event) {
    var holder = item && item.closest("[data-ugc-token]");
    var url = holder && holder.closest("[data-ugc-beacon]");
    if (!url || !navigator.sendBeacon) return;
    queue.push([url.getAttribute("data-ugc-beacon"), holder.getAttribute("data-ugc-token"), event, +item.getAttribute("data-ugc-item")]);
    if (queue.length >= 100) flush();
    else if (!timer) timer = setTimeout(flush, 3000);
  }

  function flush() {
    clearTimeout(timer);
    timer = null;
    var bodies = {};
    queue.forEach(function (entry) {
      var batches = bodies[entry[0]] = bodies[entry[0]] || {};
      (batches[entry[1]] = batches[entry[1]] || []).push([entry[2], entry[3]]);
    });
    queue = [];
    Object.keys(bodies).forEach(function (url) {
      var batches = Object.keys(bodies[url]).map(function (token) {
        return { t: token, e: bodies[url][token] };
      });
      navigator.sendBeacon(url, JSON.stringify(batches));
    });
  }

  function watch(item) {
    if (watcher) watcher.observe(item);
  }

  if (window.IntersectionObserver) {
    // Seen: at least half of the item in view.
    watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        watcher.unobserve(entry.target);
        record(entry.target, "impression");
      });
    }, { threshold: 0.5 });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link) return;
    var kind = link.classList.contains("ugc-credit__name") ? "credit" : link.hasAttribute("data-ugc-link") ? "link" : null;
    if (!kind) return;
    // A credit in the lightbox's caption belongs to the item shown there.
    var item = itemOf(link) || (dialog && dialog.contains(link) && itemOf(links[current]));
    record(item, kind);
    flush(); // the click may leave the page
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);

  function open(gallery, link) {
    links = [].slice.call(gallery.querySelectorAll("[data-ugc-full]"));
    opener = link;
    buildDialog(gallery);
    show(links.indexOf(link));
    dialog.showModal();
    dialog.querySelector(".ugc-lightbox__close").focus();    record(itemOf(link), "lightbox");
  }

  function loadMore(link) {
    var gallery = link.closest("[data-ugc-gallery]");
    var list = gallery.querySelector(".ugc-gallery__items");
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw response.status;
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var next = page.getElementById(gallery.id);
        var items = next ? next.querySelectorAll(".ugc-gallery__items > li") : [];
        var first = null;
        var token = next && next.getAttribute("data-ugc-token");
        [].forEach.call(items, function (item) {
          item = document.adoptNode(item);
          // This page's token names these items; the gallery's names the first page.
          if (token) item.setAttribute("data-ugc-token", token);
          list.appendChild(item);
          watch(item);
          first = first || item;
        });
        var more = next && next.querySelector("[data-ugc-more]");
        if (more) {
          link.href = more.getAttribute("href");
          link.removeAttribute("aria-busy");
        } else {
          link.remove();
        }
        var status = gallery.querySelector("[data-ugc-status]");
        if (status) status.textContent = label(gallery, "loaded");
        if (first) {
          first.tabIndex = -1;
          first.focus();
        }
      })
      .catch(function () {
        window.location.href = link.href;
      });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target.closest("[data-ugc-full], [data-ugc-more]");
    var gallery = target && target.closest("[data-ugc-gallery]");
    if (!gallery) return;
    if (target.hasAttribute("data-ugc-more")) loadMore(target);
    else if (gallery.hasAttribute("data-ugc-lightbox") && window.HTMLDialogElement) open(gallery, target);
    else return;
    event.preventDefault();
  });

  function carousel(gallery) {
    var track = gallery.querySelector(".ugc-gallery__items");
    if (!track) return;
    var controls = make("div", "ugc-gallery__controls");
    function step(direction) {
      return function () {
        var item = track.querySelector("li");
        track.scrollBy({ left: direction * (item ? item.offsetWidth : track.clientWidth), behavior: smooth() });
      };
    }
    button("ugc-gallery__previous-item", label(gallery, "previous"), "‹", controls, step(-1));
    button("ugc-gallery__next-item", label(gallery, "next"), "›", controls, step(1));
    track.parentNode.insertBefore(controls, track);
  }

  function start() {
    [].forEach.call(document.querySelectorAll("[data-ugc-token] [data-ugc-item]"), watch);
    [].forEach.call(document.querySelectorAll(".ugc-gallery--carousel[data-ugc-gallery]"), carousel);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
