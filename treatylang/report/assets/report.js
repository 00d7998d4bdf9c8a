// treatylang HTML report: filters, the acts view, the evidence card and
// keyboard navigation. Reads the report document embedded in the page; no
// network, no storage, no clock.
(function () {
  "use strict";
  var doc = JSON.parse(document.getElementById("report-data").textContent);
  var body = document.body;
  var card = document.getElementById("card");
  var cardBody = document.getElementById("card-body");
  var opener = null;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function dl(rows) {
    var d = el("dl");
    rows.forEach(function (r) { if (r && r[1] !== null && r[1] !== undefined && r[1] !== "") { d.appendChild(el("dt", null, [r[0]])); d.appendChild(el("dd", null, [r[1]])); } });
    return d;
  }
  function link(url) {
    return /^https?:\/\//.test(url) ? el("a", { href: url, rel: "noreferrer noopener", target: "_blank" }, [url]) : url;
  }
  function describe(ev) {
    var who = ev.actor + (ev.target ? " → " + ev.target : "");
    var what = ev.cameo ? "cameo " + ev.cameo.code + (ev.cameo.label ? " “" + ev.cameo.label + "”" : "") : (ev.action || "?");
    var attrs = Object.keys(ev.attributes).map(function (k) { return " " + k + "=" + ev.attributes[k]; }).join("");
    return ev.date + (ev.time ? " " + ev.time : "") + "  " + who + "  " + what + attrs;
  }
  function binding(b) { return Object.keys(b).map(function (k) { return k + " = " + b[k]; }).join(", "); }
  var KIND = { violation: "Violation", missed_deadline: "Missed deadline", unknown: "Undecided act", fulfilment: "Fulfilment", context: "Permitted act" };

  function articleOf(check, v) {
    var ins = check.instruments.filter(function (i) { return i.id === v.instrument; })[0];
    if (!ins) return [null, null];
    var art = ins.articles.filter(function (a) { return a.name === v.article; })[0] || null;
    var clause = art ? art.clauses.filter(function (c) { return c.name === v.clause; })[0] : null;
    return [art, clause];
  }
  function eventBlock(ev) {
    var p = ev.provenance;
    var ids = Object.keys(p.ids).map(function (k) { return k + "=" + p.ids[k]; }).join(", ");
    var rows = el("ul", { "class": "reports" }, [
      el("li", null, [ev.date + " — " + p.file + ":" + p.line + (ids ? " (" + ids + ")" : ""), p.source ? el("br") : null, p.source ? link(p.source) : null])
    ].concat(ev.also_reported.map(function (r) { return el("li", null, ["also reported: " + r]); })));
    return [dl([
      ["Act", describe(ev)],
      ["Date", ev.last_day ? ev.date + " (any day from " + ev.date + " to " + ev.last_day + ")" : ev.date],
      ["Kind of record", ev.coded ? "machine-coded report" : "asserted in the timeline"],
      ["Reports", String(ev.reports) + (ev.coded ? ", " + ev.sources + " source" + (ev.sources === 1 ? "" : "s") : "")]
    ]), el("h3", null, ["Reports"]), rows];
  }
  function openCard(c, v, f, t, month, kind, from) {
    var check = doc.checks[c], verdict = check.verdicts[v];
    var ac = articleOf(check, verdict), art = ac[0], clause = ac[1];
    var nodes = [];
    var title, sub = [];
    if (f !== null) {
      var fd = verdict.findings[f];
      title = KIND[fd.kind] + " — " + verdict.clause_id;
      sub.push(el("p", null, [fd.reason]));
      if (fd.event) sub = sub.concat(eventBlock(fd.event));
    } else if (t !== null) {
      var tr = verdict.triggers[t];
      title = "Trigger — " + verdict.clause_id;
      sub.push(dl([["Situation", tr.description], ["From", tr.first_day + (tr.start_uncertain_until ? " (possibly until " + tr.start_uncertain_until + ")" : "")],
                   ["Until", tr.last_day || "the end of the timeline"], ["Authority", tr.source]]));
      if (tr.event) sub = sub.concat(eventBlock(tr.event));
    } else {
      var n = 0, r = 0;
      verdict.counts.months.forEach(function (m) { var k = m[0] === "missed_deadline" ? "violation" : m[0]; if (m[3] === month && k === kind) { n += m[4]; r += m[5]; } });
      title = month + " — " + verdict.clause_id;
      sub.push(el("p", null, [n + " " + (KIND[kind] || kind).toLowerCase() + (n === 1 ? "" : "s") + " in " + month + " (" + r + " reports)."]));
      var kept = verdict.findings.map(function (x, i) { return [x, i]; }).filter(function (p) { return p[0].date.slice(0, 7) === month; });
      if (kept.length) {
        sub.push(el("h3", null, ["Findings kept for this month"]));
        sub.push(el("ul", { "class": "reports" }, kept.map(function (p) {
          var b = el("button", { type: "button", "class": "open", "data-c": c, "data-v": v, "data-f": p[1] }, [p[0].event ? describe(p[0].event) : p[0].reason]);
          return el("li", null, [b]);
        })));
      } else {
        sub.push(el("p", { "class": "meta" }, ["None of the findings kept (--max-findings " + check.max_findings + " per instance, the most telling) falls in this month; the counts are exact."]));
      }
    }
    nodes.push(el("h2", { id: "card-title" }, [title]));
    nodes.push(dl([["Clause", verdict.clause_id + (clause ? ": " + clause.rule : "")], ["Instance", binding(verdict.binding) || "—"],
                   ["Verdict", verdict.status_text + (verdict.blame.length ? " by " + verdict.blame.join(", ") : "")],
                   ["Counts", verdict.counts.total + " finding" + (verdict.counts.total === 1 ? "" : "s") + (verdict.counts.kept < verdict.counts.total ? " (" + verdict.counts.kept + " kept)" : "")]]));
    nodes = nodes.concat(sub);
    if (verdict.rests_on) {
      var rs = verdict.rests_on.decisive.slice();
      if (verdict.rests_on.trigger) rs.push(verdict.rests_on.trigger);
      verdict.rests_on.missing.forEach(function (m) { rs.push(m.date + ": would be decided by " + m.datum); });
      if (rs.length) { nodes.push(el("h3", null, ["What the verdict rests on"])); nodes.push(el("ul", { "class": "reports" }, rs.map(function (s) { return el("li", null, [s]); }))); }
    }
    if (verdict.triggers.length && t === null && month === null) {
      var tr0 = verdict.triggers[0];
      nodes.push(el("h3", null, ["Trigger"]));
      nodes.push(el("p", null, [tr0.description + " from " + tr0.first_day + (tr0.last_day ? " to " + tr0.last_day : ", still holding at the end") + (verdict.triggers.length > 1 ? " (and " + (verdict.triggers.length - 1) + " more periods)" : "")]));
    }
    if (art) {
      nodes.push(el("h3", null, ["Article"]));
      nodes.push(el("p", null, [art.label + (art.confidence ? " — number " + art.confidence : "")]));
      if (art.text) nodes.push(el("blockquote", { lang: art.text.lang }, ["“" + art.text.text + "”"]), el("p", { "class": "meta" }, ["Language: " + art.text.lang + "; " + (art.text.flag || "original text")]));
      art.notes.forEach(function (n) { nodes.push(el("p", { "class": "meta" }, [n])); });
    }
    cardBody.textContent = "";
    nodes.forEach(function (n) { cardBody.appendChild(n); });
    opener = from || document.activeElement;
    card.hidden = false;
    card.querySelector(".close").focus();
  }
  function closeCard() {
    card.hidden = true;
    if (opener && document.contains(opener)) opener.focus();
  }
  function intOrNull(x) { return x === null ? null : parseInt(x, 10); }
  function openFrom(node) {
    openCard(parseInt(node.getAttribute("data-c"), 10), parseInt(node.getAttribute("data-v"), 10),
             intOrNull(node.getAttribute("data-f")), intOrNull(node.getAttribute("data-t")),
             node.getAttribute("data-m"), node.getAttribute("data-k"), node);
  }

  // ---- filters and view
  var form = document.getElementById("filters");
  function checked(key) {
    return Array.prototype.map.call(form.querySelectorAll("input[name=" + key + "]:checked"), function (i) { return i.value; });
  }
  function applyFilters() {
    var want = { ins: checked("ins"), clause: checked("clause"), parties: checked("parties"), status: checked("status") };
    var lanes = document.querySelectorAll(".lane.verdict, .lane.life, .inst"), shown = 0, total = 0;
    Array.prototype.forEach.call(lanes, function (l) {
      var ok = want.ins.indexOf(l.getAttribute("data-ins")) >= 0;
      var ps = l.getAttribute("data-parties").split(" ").filter(Boolean);
      ok = ok && (ps.length === 0 || ps.some(function (p) { return want.parties.indexOf(p) >= 0; }));
      if (!l.classList.contains("life")) {
        ok = ok && want.clause.indexOf(l.getAttribute("data-clause")) >= 0 && want.status.indexOf(l.getAttribute("data-status")) >= 0;
      }
      l.hidden = !ok;
      if (l.classList.contains("verdict")) { total++; if (ok) shown++; }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".ins-head"), function (h) { h.hidden = want.ins.indexOf(h.getAttribute("data-ins")) < 0; });
    document.getElementById("shown").textContent = "Showing " + shown + " of " + total + " clause-instance lanes.";
    resetRoving();
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "view") { body.setAttribute("data-view", e.target.value); resetRoving(); return; }
    applyFilters();
  });
  form.querySelector("input[name=view][value=" + body.getAttribute("data-view") + "]").checked = true;

  // ---- keyboard: one tab stop in the timeline, arrows move between acts
  function visibleItems(lane) {
    var sel = body.getAttribute("data-view") === "months" ? ".layer-months .bar, .mk-trigger" : ".layer-marks .mk, .mk-trigger";
    return Array.prototype.slice.call(lane.querySelectorAll(sel));
  }
  function lanesWithItems() {
    return Array.prototype.filter.call(document.querySelectorAll(".lane.verdict"), function (l) { return !l.hidden && visibleItems(l).length; });
  }
  function setCurrent(node) {
    Array.prototype.forEach.call(document.querySelectorAll(".mk[tabindex='0'], .bar[tabindex='0']"), function (n) { n.setAttribute("tabindex", "-1"); });
    if (node) node.setAttribute("tabindex", "0");
  }
  function resetRoving() {
    var ls = lanesWithItems();
    setCurrent(ls.length ? visibleItems(ls[0])[0] : null);
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !card.hidden) { e.preventDefault(); closeCard(); return; }
    var t = e.target;
    if (!t.classList || !(t.classList.contains("mk") || t.classList.contains("bar"))) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openFrom(t); return; }
    var lane = t.closest(".lane"), items = visibleItems(lane), i = items.indexOf(t), next = null;
    if (e.key === "ArrowRight") next = items[Math.min(i + 1, items.length - 1)];
    else if (e.key === "ArrowLeft") next = items[Math.max(i - 1, 0)];
    else if (e.key === "Home") next = items[0];
    else if (e.key === "End") next = items[items.length - 1];
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var ls = lanesWithItems(), j = ls.indexOf(lane) + (e.key === "ArrowDown" ? 1 : -1);
      if (j >= 0 && j < ls.length) next = visibleItems(ls[j])[0];
    }
    if (next) { e.preventDefault(); setCurrent(next); next.focus(); }
  });
  document.addEventListener("click", function (e) {
    var n = e.target.closest ? e.target.closest(".mk, .bar, button.open") : null;
    if (n) { if (n.classList.contains("mk") || n.classList.contains("bar")) setCurrent(n); openFrom(n); }
  });
  card.querySelector(".close").addEventListener("click", closeCard);
  applyFilters();
})();
