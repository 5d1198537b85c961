#include "trace/html_renderer.hpp"

#include "trace/field_glossary.hpp"

namespace glasstls::trace {

namespace {

constexpr std::string_view kStyle = R"CSS(
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1d2330;background:#fbfbfd}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dbe4}
code,.hex,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.summary span{display:inline-block;margin:2px 10px 2px 0}.summary b{font-weight:600}
.warn{background:#fff1e6;border:1px solid #e8a06a;padding:6px 10px;border-radius:4px}
.lanes,.row{display:grid;grid-template-columns:1fr 1.3fr 1fr;gap:8px}
.lanes div{font-weight:600;text-align:center;padding:4px;background:#eef1f7;border-radius:4px}
.row{align-items:start;margin:2px 0}.note{font-size:12px;color:#4a5368;padding:1px 4px}
.note.client{grid-column:1}.note.server{grid-column:3}
.note .k{font-weight:600;color:#28324a}.note .bad{color:#a3141d}
.msg{grid-column:2;cursor:pointer;border-radius:4px;padding:3px 6px;position:relative;user-select:none}
.msg:hover{background:#eef3ff}.msg .arrow{display:block;text-align:center;font-weight:600}
.msg .line{display:block;height:2px;background:#3a5bd0;margin:2px 0;position:relative}
.msg.c2s .line:after{content:"";position:absolute;right:-1px;top:-4px;border:5px solid transparent;border-left:8px solid #3a5bd0}
.msg.s2c .line:before{content:"";position:absolute;left:-1px;top:-4px;border:5px solid transparent;border-right:8px solid #3a5bd0}
.msg.data .line{background:#2f8f5b}.msg.alert .line{background:#b3261e}
.badge{font-size:11px;border-radius:3px;padding:0 4px;margin-left:4px;background:#e3e7f0;font-weight:400}
.badge.enc{background:#dff3e6;color:#1d6b3f}
.detail{grid-column:1/4;background:#fff;border:1px solid #d8dbe4;border-radius:6px;padding:8px;margin:4px 0 10px;display:grid;grid-template-columns:auto 1fr;gap:12px;overflow:auto}
.hex{white-space:nowrap;line-height:1.6}.hex .off{color:#8a92a6;margin-right:8px}
.hex .b{padding:0 2px;border-radius:2px;cursor:default}
.b.c0{background:#eef3ff}.b.c1{background:#fdf3e3}.b.c2{background:#eaf7ee}.b.c3{background:#f6ecfa}.b.c4{background:#f0f0f0}.b.c5{background:#e9f6f8}
.hex .b.hl{background:#ffd54a;outline:1px solid #c79a00}
.fields ul{list-style:none;margin:0;padding-left:14px}.fields>ul{padding-left:0}
.f{display:block;padding:0 3px;border-radius:3px;cursor:default;font-size:12.5px}
.f.hl{background:#ffe58a}.f .r{color:#8a92a6}.f .v{color:#174ea6}.f .m{color:#4a5368}.f .s{color:#8a92a6;font-size:11px}
#keygraph{position:relative;display:flex;gap:36px;align-items:flex-start;overflow-x:auto;padding:8px 0}
#keygraph svg{position:absolute;left:0;top:0;pointer-events:none;overflow:visible}
.kcol{display:flex;flex-direction:column;gap:10px;min-width:230px;z-index:1}
.knode{background:#fff;border:1px solid #b9c1d6;border-radius:6px;padding:5px 7px;font-size:12px}
.knode.hl{border-color:#c79a00;box-shadow:0 0 0 2px #ffd54a}
.knode .out{font-weight:600}.knode .fn{color:#174ea6}.knode .in{display:block;color:#4a5368}
.knode .in.linked{cursor:pointer;text-decoration:underline dotted}.knode .val{color:#8a4b00;word-break:break-all}
.chain{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:6px 0}
.cert{border:1px solid #b9c1d6;border-radius:6px;padding:4px 8px;background:#fff;font-size:12.5px}
.cert.anchor{border-color:#2f8f5b}
.steps{list-style:none;padding-left:0;font-size:12.5px}.steps li.bad{color:#a3141d}.steps .rule{color:#8a92a6;font-size:11.5px}
)CSS";

constexpr std::string_view kScript = R"JS(
(function () {
  'use strict';
  var body = document.body, errors = [];
  function fail(msg) { errors.push(String(msg)); body.setAttribute('data-errors', errors.join(' | ')); }
  window.addEventListener('error', function (e) { fail(e.message); });
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, tag, cls, text) { var e = el(tag, cls, text); parent.appendChild(e); return e; }
  function short(hex, n) { n = n || 32; return hex && hex.length > n ? hex.slice(0, n) + '\u2026' : (hex || ''); }
  function unhex(h) { var out = []; for (var i = 0; i + 1 < h.length; i += 2) out.push(h.slice(i, i + 2)); return out; }
  function other(side) { return side === 'client' ? 'server' : 'client'; }

  var doc = JSON.parse(document.getElementById('trace-data').textContent);
  var glossary = JSON.parse(document.getElementById('glossary').textContent);
  var events = doc.events || [], conn = doc.connection || {};
  var sides = {};
  events.forEach(function (e) { sides[e.side] = true; });
  var bothSides = sides.client && sides.server;

  // The summary line and the secrets warning.
  var summary = document.getElementById('summary');
  [['version', 'version'], ['cipher suite', 'cipher_suite'], ['key exchange', 'group'],
   ['server signature', 'signature_scheme'], ['server name', 'server_name'], ['ALPN', 'alpn']]
    .forEach(function (p) {
      if (conn[p[1]] === undefined || conn[p[1]] === '') return;
      var s = add(summary, 'span'); add(s, 'b', null, p[0] + ': '); s.appendChild(document.createTextNode(conn[p[1]]));
    });
  [['mutual TLS', 'mutual_tls'], ['resumed', 'resumed'], ['HelloRetryRequest', 'hello_retry_request'],
   ['extended master secret', 'extended_master_secret']].forEach(function (p) {
    if (conn[p[1]] === true) add(summary, 'span', 'badge', p[0]);
  });
  var secretsShown = events.some(function (e) { return e.kind === 'keylog' || (e.kind === 'key' && e.value !== undefined); });
  if (secretsShown) document.getElementById('secrets-warning').hidden = false;

  function note(message, f) {
    if (f.name === 'extension' && f.value && glossary['extension:' + f.value]) return glossary['extension:' + f.value];
    return glossary[message + '/' + f.name] || glossary[f.name] || null;
  }

  // Which record carried a message: was it encrypted?
  function carriedEncrypted(i) {
    var e = events[i], step = e.direction === 'sent' ? 1 : -1;
    for (var j = i + step; j >= 0 && j < events.length; j += step) {
      var r = events[j];
      if (r.kind !== 'record' || r.side !== e.side || r.direction !== e.direction) continue;
      var type = r.protected ? r.inner_type : r.content_type;
      if (type === 22) return !!r.protected;
    }
    return false;
  }

  // The timeline.
  var rows = document.getElementById('rows'), messageRows = [];
  // Notes gather beside the arrows: each side's in its own lane, until the
  // next arrow.
  var noteCells = null;
  function noteRow(e, text, bad) {
    if (!noteCells) {
      var row = add(rows, 'div', 'row');
      noteCells = { client: add(row, 'div', 'note client'), server: add(row, 'div', 'note server') };
    }
    var n = add(noteCells[e.side], 'div', bad ? 'bad' : '');
    add(n, 'span', 'k', e.kind + ' ');
    n.appendChild(document.createTextNode(text));
  }
  function travelling(e) { return bothSides ? e.direction === 'sent' : true; }
  function arrowRow(e, label, cls, badges) {
    noteCells = null;
    var row = add(rows, 'div', 'row');
    var from = e.direction === 'sent' ? e.side : other(e.side);
    var m = add(row, 'div', 'msg ' + (from === 'client' ? 'c2s' : 's2c') + (cls ? ' ' + cls : ''));
    var a = add(m, 'span', 'arrow', label);
    (badges || []).forEach(function (b) { add(a, 'span', 'badge' + (b[1] ? ' ' + b[1] : ''), b[0]); });
    add(m, 'span', 'line');
    return { row: row, msg: m };
  }

  events.forEach(function (e, i) {
    switch (e.kind) {
      case 'message': {
        if (!travelling(e)) return;
        var enc = carriedEncrypted(i);
        var r = arrowRow(e, e.name, '', [[e.length + ' bytes'], enc ? ['encrypted', 'enc'] : ['in the clear']]);
        r.msg.setAttribute('data-message', e.name);
        r.msg.setAttribute('title', 'click to show the bytes, field by field');
        var entry = { event: e, row: r.row, msg: r.msg, detail: null };
        messageRows.push(entry);
        r.msg.addEventListener('click', function () { toggle(entry); });
        return;
      }
      case 'record': {
        var type = e.protected ? e.inner_type : e.content_type;
        if (type !== 23 || !travelling(e)) return;
        var d = arrowRow(e, 'application data', 'data', [[e.plaintext_length + ' bytes'], ['encrypted', 'enc']]);
        if (e.plaintext) {
          var text = unhex(e.plaintext).map(function (h) {
            var c = parseInt(h, 16); return c >= 32 && c < 127 ? String.fromCharCode(c) : (c === 10 ? '\u21b5' : '.');
          }).join('');
          add(d.msg, 'span', 'note mono', text);
        }
        return;
      }
      case 'alert':
        if (!travelling(e)) return;
        arrowRow(e, 'alert ' + e.description_name, 'alert', [[e.level === 1 ? 'warning' : 'fatal']]);
        if (e.rule) noteRow(e, e.rule, true);
        return;
      case 'state': noteRow(e, e.from + ' \u2192 ' + e.to + ' (' + e.message + ')'); return;
      case 'decision': noteRow(e, e.what + ': ' + e.choice + ' \u2014 ' + e.reason); return;
      case 'transcript': noteRow(e, 'Transcript-Hash(' + e.point + ') = ' + short(e.hash)); return;
      case 'signature':
        noteRow(e, (e.direction === 'sent' ? 'signed ' : 'verified ') + e.signed_content.length / 2 +
          ' bytes (scheme 0x' + e.scheme.toString(16) + '): ' + (e.ok ? 'ok' : 'FAILED'), !e.ok);
        return;
      case 'finished':
        noteRow(e, (e.direction === 'sent' ? 'computed ' : 'checked ') + 'verify_data ' + short(e.verify_data) +
          ' over transcript ' + short(e.transcript_hash, 16) + (e.ok ? '' : ': WRONG'), !e.ok);
        return;
      case 'key': noteRow(e, e.function + (e.label ? ' "' + e.label + '"' : '') + ' \u2192 ' + e.output); return;
      case 'x509': if (!e.ok) noteRow(e, e.explanation, true); return;
      default: return;
    }
  });

  // A message's annotated bytes: the hex on the left, the field tree on the right.
  function toggle(entry) {
    if (entry.detail) {
      entry.detail.hidden = !entry.detail.hidden;
      entry.msg.setAttribute('data-expanded', entry.detail.hidden ? 'false' : 'true');
      return;
    }
    var e = entry.event, bytes = unhex(e.bytes);
    var detail = el('div', 'detail');
    entry.row.parentNode.insertBefore(detail, entry.row.nextSibling);
    entry.detail = detail;
    entry.msg.setAttribute('data-expanded', 'true');
    detail.setAttribute('data-message', e.name);
    var hex = add(detail, 'div', 'hex'), tree = add(detail, 'div', 'fields');
    var spans = [], owner = [], fields = [];
    for (var i = 0; i < bytes.length; ++i) {
      if (i % 16 === 0) {
        if (i) add(hex, 'br');
        add(hex, 'span', 'off', ('000' + i.toString(16)).slice(-4));
      }
      var b = add(hex, 'span', 'b', bytes[i]);
      b.setAttribute('data-i', i);
      spans.push(b);
    }
    function walk(list, parentUl, depth, top) {
      list.forEach(function (f, k) {
        var id = fields.length, li = add(parentUl, 'li');
        var span = add(li, 'span', 'f');
        span.setAttribute('data-field', f.name);
        add(span, 'code', null, f.name);
        add(span, 'span', 'r', ' [' + f.offset + '+' + f.length + ']');
        if (f.value !== undefined) add(span, 'span', 'v', ' = ' + f.value);
        var n = note(e.name, f);
        if (n) { add(span, 'span', 'm', ' \u2014 ' + n[0]); add(span, 'span', 's', ' (' + n[1] + ')'); }
        fields.push({ f: f, span: span });
        var colour = depth === 0 ? k % 6 : top;
        for (var j = f.offset; j < f.offset + f.length && j < spans.length; ++j) {
          owner[j] = id;
          if (depth === 0) spans[j].classList.add('c' + colour);
        }
        span.addEventListener('mouseover', function () { highlight(id); });
        if (f.children) walk(f.children, add(li, 'ul'), depth + 1, colour);
      });
    }
    walk(e.fields || [], add(tree, 'ul'), 0, 0);
    function highlight(id) {
      detail.querySelectorAll('.hl').forEach(function (x) { x.classList.remove('hl'); });
      var f = fields[id].f;
      fields[id].span.classList.add('hl');
      for (var j = f.offset; j < f.offset + f.length && j < spans.length; ++j) spans[j].classList.add('hl');
      detail.setAttribute('data-highlighted', f.name + ' ' + f.offset + '+' + f.length);
    }
    spans.forEach(function (s, j) {
      s.addEventListener('mouseover', function () { if (owner[j] !== undefined) highlight(owner[j]); });
    });
  }

  // The key schedule: one side's derivations (both sides derive the same).
  var keySide = sides.client ? 'client' : 'server';
  var keys = [], transcripts = [];
  events.forEach(function (e) {
    if (e.side !== keySide) return;
    if (e.kind === 'key') keys.push({ e: e, from: [], depth: 0 });
    if (e.kind === 'transcript') transcripts.push(e);
  });
  var byName = { 'early secret': 'early_secret', 'handshake secret': 'handshake_secret',
                 'master secret': 'master_secret', 'master_secret': 'master_secret',
                 'pre_master_secret': 'pre_master_secret' };
  function source(k, inp, index) {
    for (var j = index - 1; j >= 0; --j) {
      var o = keys[j].e;
      if (inp.value !== undefined && inp.value !== '' && o.value !== undefined) {
        if (o.value === inp.value) return j;
        continue;
      }
      if (inp.value !== undefined && inp.value !== '' && !inp.secret) continue;
      var want = byName[inp.name.toLowerCase()];
      if (want && o.output === want) return j;
      if (inp.name === 'salt' && k.e.function === 'HKDF-Extract' && o.output === 'derived') return j;
    }
    return -1;
  }
  keys.forEach(function (k, i) {
    k.e.inputs.forEach(function (inp) {
      var j = source(k, inp, i);
      k.from.push(j);
      if (j >= 0) k.depth = Math.max(k.depth, keys[j].depth + 1);
    });
  });
  var graph = document.getElementById('keygraph');
  if (!keys.length) add(graph, 'p', null, 'No key schedule steps were recorded.');
  var columns = [];
  keys.forEach(function (k, i) {
    while (columns.length <= k.depth) columns.push(add(graph, 'div', 'kcol'));
    var box = add(columns[k.depth], 'div', 'knode');
    box.id = 'key' + i;
    add(box, 'div', 'out', k.e.output);
    var args = k.e.inputs.map(function (inp) {
      return inp.name === 'Label' ? '"' + (k.e.function === 'PRF' ? '' : 'tls13 ') + k.e.label + '"' : inp.name;
    });
    add(box, 'div', 'fn mono', k.e.function + '(' + args.join(', ') + ')');
    k.e.inputs.forEach(function (inp, n) {
      if (inp.name === 'Label') return;
      var j = k.from[n], text = inp.name;
      if (j >= 0) text += ' \u2190 ' + keys[j].e.output;
      else if (inp.value !== undefined) {
        var t = transcripts.filter(function (x) { return x.hash === inp.value; })[0];
        var empty = inp.value.indexOf('e3b0c44298fc1c14') === 0 || inp.value.indexOf('38b060a751ac9638') === 0;
        text += t ? ' = Transcript-Hash(' + t.point + ')' : empty ? ' = Hash("") (no messages)' :
          inp.value === '' ? ' = ""' : ' = ' + short(inp.value, 24);
      } else if (inp.secret) text += ' (secret: shown with --secrets)';
      var s = add(box, 'span', 'in mono' + (j >= 0 ? ' linked' : ''), text);
      if (j >= 0) {
        s.addEventListener('mouseover', function () { document.getElementById('key' + j).classList.add('hl'); });
        s.addEventListener('mouseout', function () { document.getElementById('key' + j).classList.remove('hl'); });
      }
    });
    if (k.e.value !== undefined) add(box, 'div', 'val mono', short(k.e.value, 48));
  });
  var svgNs = 'http://www.w3.org/2000/svg';
  function drawLinks() {
    var old = graph.querySelector('svg');
    if (old) old.remove();
    var svg = document.createElementNS(svgNs, 'svg'), base = graph.getBoundingClientRect();
    svg.setAttribute('width', graph.scrollWidth);
    svg.setAttribute('height', graph.scrollHeight);
    keys.forEach(function (k, i) {
      k.from.forEach(function (j) {
        if (j < 0) return;
        var a = document.getElementById('key' + j).getBoundingClientRect();
        var b = document.getElementById('key' + i).getBoundingClientRect();
        var x1 = a.right - base.left + graph.scrollLeft, y1 = a.top + a.height / 2 - base.top;
        var x2 = b.left - base.left + graph.scrollLeft, y2 = b.top + Math.min(b.height / 2, 14) - base.top;
        var p = document.createElementNS(svgNs, 'path');
        p.setAttribute('d', 'M' + x1 + ',' + y1 + ' C' + (x1 + 18) + ',' + y1 + ' ' + (x2 - 18) + ',' + y2 + ' ' + x2 + ',' + y2);
        p.setAttribute('fill', 'none');
        p.setAttribute('stroke', '#8da2e0');
        p.setAttribute('stroke-width', '1.3');
        svg.appendChild(p);
      });
    });
    graph.insertBefore(svg, graph.firstChild);
    graph.setAttribute('data-links', svg.childNodes.length);
  }
  drawLinks();
  window.addEventListener('resize', drawLinks);

  // The certificate chains: each side's check of the other's.
  var chains = document.getElementById('chainlist');
  [['client', 'server_chain', 'The client checks the server\'s chain'],
   ['server', 'client_chain', 'The server checks the client\'s chain']].forEach(function (c) {
    var steps = events.filter(function (e) { return e.kind === 'x509' && e.side === c[0]; });
    var sent = conn[c[1]] || [];
    if (!steps.length && !sent.length) return;
    var box = add(chains, 'div', 'chainbox');
    box.setAttribute('data-checker', c[0]);
    add(box, 'h3', null, c[2]);
    var row = add(box, 'div', 'chain');
    var anchor = steps.filter(function (e) { return e.step === 'anchor'; })[0];
    sent.forEach(function (s, n) {
      if (n) add(row, 'span', null, '\u2192');
      add(row, 'span', 'cert', (n ? 'sent: ' : 'leaf: ') + s);
    });
    if (anchor) { add(row, 'span', null, '\u2192'); add(row, 'span', 'cert anchor', 'trust anchor: ' + anchor.subject); }
    var ul = add(box, 'ul', 'steps');
    steps.forEach(function (e) {
      var li = add(ul, 'li', e.ok ? 'ok' : 'bad');
      li.style.paddingLeft = (e.depth * 18) + 'px';
      li.appendChild(document.createTextNode((e.ok ? '\u2713 ' : '\u2717 ') + e.explanation + ' '));
      add(li, 'span', 'rule', e.rule);
    });
    if (!steps.length) add(box, 'p', null, 'No path-building steps were recorded for this chain.');
  });
  if (!chains.childNodes.length) add(chains, 'p', null, 'No certificates were exchanged.');

  // #expand=ClientHello&hover=random: a state to show without clicking.
  var params = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var p = kv.split('=');
    if (p[0]) params[decodeURIComponent(p[0])] = decodeURIComponent(p[1] || '');
  });
  if (params.expand) {
    var target = messageRows.filter(function (m) { return m.event.name === params.expand; })[0];
    if (!target) fail('no message ' + params.expand + ' to expand');
    else {
      toggle(target);
      body.setAttribute('data-expanded', params.expand);
      if (params.hover) {
        var f = target.detail.querySelector('.f[data-field="' + params.hover.replace(/[^A-Za-z0-9_]/g, '') + '"]');
        if (!f) fail('no field ' + params.hover);
        else f.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      }
    }
  }
  if (params.section && document.getElementById(params.section)) document.getElementById(params.section).scrollIntoView();
  document.getElementById('status').textContent = messageRows.length + ' messages, ' + keys.length +
    ' key schedule steps, ' + events.filter(function (e) { return e.kind === 'x509'; }).length + ' path steps';
  body.setAttribute('data-messages', messageRows.length);
  if (!errors.length) body.setAttribute('data-status', 'ok');
})();
)JS";

// `text` with each character `replacement` names replaced ("" keeps it).
template <typename Replacement>
std::string replace_chars(std::string_view text, Replacement replacement) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const std::string_view r = replacement(c);
    if (r.empty()) {
      out += c;
    } else {
      out += r;
    }
  }
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  return replace_chars(text, [](char c) -> std::string_view {
    switch (c) {
      case '&': return "&amp;";
      case '<': return "&lt;";
      case '>': return "&gt;";
      case '"': return "&quot;";
      case '\'': return "&#39;";
    }
    return "";
  });
}

std::string json_for_script(std::string_view json) {
  return replace_chars(json, [](char c) -> std::string_view {
    switch (c) {
      case '<': return "\\u003c";
      case '>': return "\\u003e";
      case '&': return "\\u0026";
    }
    return "";
  });
}

std::string html_head(std::string_view title, std::string_view extra_style) {
  return std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
      .append(
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
      .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
      .append("<title>")
      .append(html_escape(title))
      .append("</title>\n<style>")
      .append(kStyle)
      .append(extra_style)
      .append("</style>\n</head>\n");
}

std::string render_html(std::string_view trace_json, std::string_view title) {
  const std::string safe_title = html_escape(title);
  std::string page;
  page.reserve(trace_json.size() + 32768);
  page.append(html_head(std::string("GlassTLS trace: ").append(title), ""))
      .append("<body data-status=\"loading\">\n<header>\n<h1>GlassTLS trace: ")
      .append(safe_title)
      .append(
          "</h1>\n<p class=\"summary\" id=\"summary\"></p>\n"
          "<p class=\"warn\" id=\"secrets-warning\" hidden>This page shows the connection's "
          "secrets (teaching mode): anyone holding it can decrypt the connection.</p>\n"
          "<noscript><p class=\"warn\">The page is drawn by its inline script: enable "
          "JavaScript, or read the JSON inside it.</p></noscript>\n"
          "<p class=\"note\" id=\"status\"></p>\n</header>\n")
      .append(
          "<section id=\"timeline\">\n<h2>The handshake, message by message</h2>\n"
          "<p class=\"note\">Click a message to see its bytes; hover a field to find its bytes, "
          "or a byte to find its field.</p>\n"
          "<div class=\"lanes\"><div>client</div><div>the wire</div><div>server</div></div>\n"
          "<div id=\"rows\"></div>\n</section>\n")
      .append(
          "<section id=\"keys\">\n<h2>The key schedule</h2>\n<p class=\"note\">Each box is a "
          "derivation (RFC 8446 §7.1, RFC 5246 §8.1): the secret it makes, the function and "
          "label, and where each input came from; hover an input to find its source.</p>\n"
          "<div id=\"keygraph\"></div>\n</section>\n")
      .append(
          "<section id=\"chains\">\n<h2>The certificate chains</h2>\n<p class=\"note\">How "
          "each side built a path from the certificates it received to a CA it trusts "
          "(RFC 5280 §6).</p>\n<div id=\"chainlist\"></div>\n</section>\n")
      .append("<script type=\"application/json\" id=\"trace-data\">")
      .append(json_for_script(trace_json))
      .append("</script>\n<script type=\"application/json\" id=\"glossary\">")
      .append(json_for_script(field_glossary_json()))
      .append("</script>\n<script>")
      .append(kScript)
      .append("</script>\n</body>\n</html>\n");
  return page;
}

}  // namespace glasstls::trace
