// SyncHub operator console: plain JavaScript against the hub's own API, with the operator login (HTTP Basic).
// Every value from the API is written with textContent, never as HTML.
(function () {
  'use strict';

  var REFRESH_MS = 3000;
  var auth = sessionStorage.getItem('synchub-operator-auth');
  var timer = null;
  var replays = {};

  function $(id) { return document.getElementById(id); }

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    return e;
  }

  function json(value) {
    return value === undefined || value === null ? '—' : (typeof value === 'string' ? value : JSON.stringify(value));
  }

  function api(method, path, body) {
    var init = { method: method, headers: { 'Authorization': auth, 'Accept': 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = { error: 'not_json', message: t }; }
        if (r.status === 401) { logout('The login was refused.'); }
        if (!r.ok) {
          var err = new Error(data && data.message ? data.message : ('HTTP ' + r.status));
          err.status = r.status;
          throw err;
        }
        return data;
      });
    });
  }

  function say(text, ok) {
    var m = $('message');
    m.textContent = text;
    m.className = ok ? 'ok' : '';
  }

  function fail(err) { say(err.message || String(err), false); }

  function button(label, accessibleName, onClick, cls) {
    var b = el('button', label, { type: 'button', 'aria-label': accessibleName });
    if (cls) { b.className = cls; }
    b.addEventListener('click', onClick);
    return b;
  }

  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (c) {
      var td = document.createElement('td');
      if (c instanceof Node) { td.appendChild(c); } else { td.textContent = c === null || c === undefined ? '—' : String(c); }
      tr.appendChild(td);
    });
    return tr;
  }

  function fill(tableId, emptyId, rows) {
    var body = $(tableId).querySelector('tbody');
    body.replaceChildren.apply(body, rows);
    $(tableId).hidden = rows.length === 0;
    $(emptyId).hidden = rows.length !== 0;
  }

  // ---- login ----
  function showApp(on) {
    $('login').hidden = on;
    $('app').hidden = !on;
    $('logout').hidden = !on;
  }

  function logout(reason) {
    auth = null;
    sessionStorage.removeItem('synchub-operator-auth');
    if (timer) { clearInterval(timer); timer = null; }
    showApp(false);
    $('login-error').textContent = reason || '';
  }

  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var user = $('login-user').value;
    var password = $('login-password').value;
    var candidate = 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password)));
    fetch('/api/v1/sync/status', { headers: { 'Authorization': candidate, 'Accept': 'application/json' } }).then(function (r) {
      if (r.status !== 200) {
        $('login-error').textContent = 'Wrong user or password.';
        $('login-password').focus();
        return;
      }
      auth = candidate;
      sessionStorage.setItem('synchub-operator-auth', auth);
      $('login-password').value = '';
      $('login-error').textContent = '';
      start();
    }, function () { $('login-error').textContent = 'The hub cannot be reached.'; });
  });

  $('logout').addEventListener('click', function () { logout('Logged out.'); });

  // ---- sync status ----
  function loadStatus() {
    return api('GET', '/api/v1/sync/status').then(function (s) {
      var items = [['Products', s.total], ['Synced', s.synced], ['Pending', s.pending], ['Conflict', s.conflict],
        ['Error', s.error], ['Missing SKU', s.missingSku], ['Open dead letters', s.deadLetters],
        ['Inbox pending', (s.inbox || {}).pending || 0], ['Inbox failed', (s.inbox || {}).failed || 0],
        ['Outbox pending', (s.outbox || {}).pending || 0]];
      var dl = $('status-counts');
      dl.replaceChildren.apply(dl, items.map(function (i) {
        var d = document.createElement('div');
        d.appendChild(el('dt', i[0]));
        d.appendChild(el('dd', i[1] === undefined ? 0 : i[1]));
        return d;
      }));
    });
  }

  function loadPollers() {
    return api('GET', '/api/v1/sync/pollers').then(function (r) {
      var body = $('pollers-table').querySelector('tbody');
      body.replaceChildren.apply(body, r.items.map(function (p) {
        var tr = row([p.poller, p.lastSuccessAt, p.lagSeconds, p.cursor]);
        tr.setAttribute('data-poller', p.poller);
        return tr;
      }));
      $('pollers-table').hidden = r.items.length === 0;
    });
  }

  // sync runs (run log) and the search caches' hit rates
  function loadRuns() {
    var runs = api('GET', '/api/v1/sync/runs?limit=10').then(function (r) {
      var body = $('runs-table').querySelector('tbody');
      body.replaceChildren.apply(body, r.items.map(function (x) {
        var tr = row([String(x.id), x.source, x.strategy, x.reason, x.status, x.fetched,
          x.created + ' / ' + x.updated + ' / ' + x.unchanged + ' / ' + x.failed, x.startedAt, x.recordsPerSecond]);
        tr.setAttribute('data-run', String(x.id));
        return tr;
      }));
      $('runs-table').hidden = r.items.length === 0;
    });
    var cache = api('GET', '/api/sync/products/status').then(function (s) {
      var c = s.cache || {};
      var dl = $('cache-counts');
      dl.replaceChildren.apply(dl, Object.keys(c).map(function (name) {
        var d = document.createElement('div');
        d.appendChild(el('dt', 'Cache ' + name + ' hit rate'));
        d.appendChild(el('dd', Math.round((c[name].hitRate || 0) * 1000) / 10 + ' %'));
        return d;
      }));
    });
    return Promise.all([runs, cache]);
  }

  // ---- conflicts ----
  function resolve(c, resolution, mergeData) {
    var body = { resolution: resolution };
    if (resolution === 'merge') { body.mergeData = mergeData; }
    paused = false;
    return api('POST', '/api/v1/conflicts/' + c.id + '/resolve', body).then(function () {
      say('Conflict ' + c.id + ' (' + c.field + ') resolved: ' + resolution + '.', true);
      return refresh();
    }).catch(fail);
  }

  function mergeControl(c) {
    var wrap = document.createElement('span');
    wrap.appendChild(button('Merge…', 'Merge a value for conflict ' + c.id, function () {
      var form = el('form', null, { 'class': 'merge' });
      var id = 'merge-value-' + c.id;
      form.appendChild(el('label', 'Value to keep (JSON or text)', { 'for': id }));
      var input = el('input', null, { id: id });
      input.value = typeof c.localValue === 'string' ? c.localValue : JSON.stringify(c.localValue);
      form.appendChild(input);
      form.appendChild(el('button', 'Save merged value', { type: 'submit', 'aria-label': 'Save merged value for conflict ' + c.id }));
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var v = input.value;
        var value;
        try { value = JSON.parse(v); } catch (e) { value = v; }
        resolve(c, 'merge', value);
      });
      wrap.replaceChildren(form);
      input.focus();
      paused = true;
    }));
    return wrap;
  }

  var paused = false;

  function loadConflicts() {
    if (paused) { return Promise.resolve(); }
    return api('GET', '/api/v1/conflicts?status=CONFLICT&limit=100').then(function (page) {
      fill('conflicts-table', 'conflicts-empty', page.items.map(function (c) {
        var actions = document.createElement('div');
        actions.appendChild(button('Keep local', 'Keep local value for conflict ' + c.id, function () { resolve(c, 'accept_local'); }));
        actions.appendChild(button('Take remote', 'Take remote value for conflict ' + c.id, function () { resolve(c, 'accept_remote'); }));
        actions.appendChild(mergeControl(c));
        var product = button(String(c.productId), 'Timeline of product ' + c.productId, function () { showTimeline(String(c.productId)); });
        var tr = row([String(c.id), product, c.field, json(c.localValue) + ' (' + c.localOrigin + ')',
          json(c.remoteValue) + ' (' + c.remoteOrigin + ')', c.appliedOrigin, actions]);
        tr.setAttribute('data-conflict-id', c.id);
        return tr;
      }));
    });
  }

  // ---- dead letters ----
  function showDeadLetter(d) {
    api('GET', '/api/v1/dead-letters/' + d.id).then(function (x) {
      $('dead-letter-detail-title').textContent = 'Dead letter ' + x.id + ': ' + x.entityType + ' ' + x.entityId + ' → ' + x.target;
      $('dead-letter-detail-error').textContent = x.errorClass + ': ' + x.reason + (x.lastError && x.lastError !== x.reason ? ' (last: ' + x.lastError + ')' : '');
      $('dead-letter-detail-payload').textContent = JSON.stringify(x.payload, null, 2);
      $('dead-letter-detail-trigger').textContent = 'Caused by a change from ' + (x.triggerOrigin || 'the hub')
        + (x.triggerInboxId ? ' (inbox delivery ' + x.triggerInboxId + ')' : '') + '.';
      $('dead-letter-preview').hidden = !x.triggerInboxId;
      $('dead-letter-preview').onclick = function () { previewDelivery(x.triggerInboxId); };
      $('dead-letter-detail').hidden = false;
      $('dead-letter-detail').focus();
    }).catch(fail);
  }

  function replay(d) {
    api('POST', '/api/v1/dead-letters/' + d.id + '/replay').then(function () {
      replays[d.id] = { label: 'Dead letter ' + d.id + ' (' + d.entityType + ' ' + d.entityId + ' → ' + d.target + ')', state: 'queued again' };
      say('Dead letter ' + d.id + ' replayed.', true);
      renderReplays();
      return refresh();
    }).catch(fail);
  }

  function renderReplays() {
    var ul = $('replays');
    ul.replaceChildren.apply(ul, Object.keys(replays).map(function (id) {
      var li = el('li', replays[id].label + ': ' + replays[id].state);
      li.setAttribute('data-replay-id', id);
      li.setAttribute('data-state', replays[id].state);
      return li;
    }));
  }

  function followReplays() {
    var open = Object.keys(replays).filter(function (id) { return replays[id].state !== 'delivered'; });
    return Promise.all(open.map(function (id) {
      return api('GET', '/api/v1/dead-letters/' + id).then(function (x) {
        replays[id].state = x.jobStatus === 'completed' ? 'delivered'
          : x.jobStatus === 'failed' ? 'failed again: ' + (x.lastError || x.reason) : 'delivering (' + x.jobStatus + ')';
      });
    })).then(renderReplays);
  }

  function loadDeadLetters() {
    var status = $('dead-letter-status').value;
    return api('GET', '/api/v1/dead-letters?limit=100' + (status ? '&status=' + status : '')).then(function (page) {
      fill('dead-letters-table', 'dead-letters-empty', page.items.map(function (d) {
        var actions = document.createElement('div');
        actions.appendChild(button('Payload', 'Show payload of dead letter ' + d.id, function () { showDeadLetter(d); }));
        if (d.status === 'OPEN') {
          actions.appendChild(button('Replay', 'Replay dead letter ' + d.id, function () { replay(d); }));
        }
        var tr = row([String(d.id), d.target, d.entityType + ' ' + d.entityId, d.errorClass + ': ' + d.reason, d.attempts, d.status, actions]);
        tr.setAttribute('data-dead-letter-id', d.id);
        return tr;
      }));
    });
  }

  // ---- inbox ----
  function mappingFor(topic) {
    if (/inventory/.test(topic)) { return 'inventory-in'; }
    if (/order/.test(topic)) { return 'order-in'; }
    return 'product-in';
  }

  function previewDelivery(inboxId) {
    return api('GET', '/api/v1/inbox/' + inboxId).then(function (d) {
      $('preview-platform').value = d.platform.toLowerCase();
      $('preview-mapping').value = mappingFor(d.topic);
      $('preview-inbox').value = d.id;
      $('preview-body').value = '';
      return runPreview();
    }).catch(fail);
  }

  function loadInbox() {
    return api('GET', '/api/v1/inbox?status=FAILED&limit=100').then(function (page) {
      fill('inbox-table', 'inbox-empty', page.items.map(function (d) {
        var actions = document.createElement('div');
        actions.appendChild(button('Body', 'Show body of delivery ' + d.id, function () {
          api('GET', '/api/v1/inbox/' + d.id).then(function (x) {
            $('inbox-detail-title').textContent = 'Delivery ' + x.id + ' (' + x.platform + ' ' + x.topic + ')';
            $('inbox-detail-body').textContent = JSON.stringify(x.body, null, 2);
            $('inbox-detail').hidden = false;
            $('inbox-detail').focus();
          }).catch(fail);
        }));
        actions.appendChild(button('Retry', 'Retry delivery ' + d.id, function () {
          api('POST', '/api/v1/inbox/' + d.id + '/retry').then(function () {
            say('Delivery ' + d.id + ' queued again.', true);
            return refresh();
          }).catch(fail);
        }));
        actions.appendChild(button('Preview mapping', 'Preview mapping of delivery ' + d.id, function () { previewDelivery(d.id); }));
        var tr = row([String(d.id), d.platform, d.topic, d.attempts, d.lastError, d.status, actions]);
        tr.setAttribute('data-inbox-id', d.id);
        return tr;
      }));
    });
  }

  // ---- product timeline ----
  function showTimeline(idOrSku) {
    $('timeline-product').value = idOrSku;
    var find = /^\d+$/.test(idOrSku) ? api('GET', '/api/v1/products/' + idOrSku)
      : api('GET', '/api/v1/products?sku=' + encodeURIComponent(idOrSku)).then(function (page) {
        if (!page.items.length) { throw new Error('No product with SKU ' + idOrSku + '.'); }
        return page.items[0];
      });
    return find.then(function (p) {
      return api('GET', '/api/v1/products/' + p.id + '/logs?limit=200').then(function (logs) {
        $('timeline-product-title').textContent = 'Product ' + p.id + (p.sku ? ' (' + p.sku + ')' : '') + (p.name ? ': ' + p.name : '');
        $('timeline-product-summary').textContent = 'Sync status ' + p.syncStatus + ', version ' + p.version + ', last updated by '
          + p.lastUpdatedBy + ' at ' + p.lastUpdatedAt + '.';
        var body = $('timeline-table').querySelector('tbody');
        body.replaceChildren.apply(body, logs.items.map(function (l) {
          var tr = row([l.createdAt, l.action, l.origin, (l.changedFields || []).join(', '), l.message]);
          tr.setAttribute('data-action', l.action);
          return tr;
        }));
        $('timeline-result').hidden = false;
        location.hash = '#timeline';
        $('timeline-product-title').setAttribute('tabindex', '-1');
        $('timeline-product-title').focus();
      });
    }).catch(fail);
  }

  $('timeline-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    showTimeline($('timeline-product').value.trim());
  });

  // ---- mapping preview ----
  function runPreview() {
    var platform = $('preview-platform').value;
    var mapping = $('preview-mapping').value.trim();
    var inboxId = $('preview-inbox').value.trim();
    var path = '/api/v1/mappings/' + encodeURIComponent(platform) + '/' + encodeURIComponent(mapping) + '/preview'
      + (inboxId ? '?inboxId=' + encodeURIComponent(inboxId) : '');
    var body = $('preview-body').value.trim();
    return api('POST', path, inboxId ? undefined : body).then(function (r) {
      var tbody = $('preview-table').querySelector('tbody');
      tbody.replaceChildren.apply(tbody, r.decisions.map(function (d) {
        var tr = row([d.sku, d.decision + (d.reason ? ' — ' + d.reason : ''), d.productId, json(d.applied),
          (d.dropped || []).map(function (x) { return x.field + ' (' + x.reason + ')'; }).join(', ') || '—',
          (d.conflicts || []).map(function (x) { return x.field + ': ' + json(x.localValue) + ' vs ' + json(x.remoteValue); }).join(', ') || '—']);
        tr.setAttribute('data-decision', d.decision);
        return tr;
      }));
      $('preview-mapped').textContent = JSON.stringify(r.mapped, null, 2);
      $('preview-result').hidden = false;
      say('Preview of ' + r.mapping + ': ' + r.decisions.length + ' item(s); nothing was stored.', true);
      location.hash = '#preview';
    }).catch(fail);
  }

  $('preview-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    runPreview();
  });

  // ---- live updates ----
  $('dead-letter-status').addEventListener('change', function () { loadDeadLetters().catch(fail); });

  function loadHolds() {
    return api('GET', '/api/v1/holds?status=active&limit=100').then(function (page) {
      fill('holds-table', 'holds-empty', page.items.map(function (h) {
        var items = h.items.map(function (i) { return i.quantity + ' × ' + i.sku; }).join(', ');
        var actions = document.createElement('div');
        actions.appendChild(button('Release', 'Release hold ' + h.holdId, function () {
          api('DELETE', '/api/v1/holds/' + encodeURIComponent(h.holdId)).then(function () {
            say('Hold ' + h.holdId + ' released.', true);
            return refresh();
          }).catch(fail);
        }));
        var tr = row([h.holdId, h.sessionId || '', h.customerId || '', items, h.expiresAt || '', actions]);
        tr.setAttribute('data-hold-id', h.holdId);
        return tr;
      }));
    });
  }

  function refresh() {
    if (!auth) { return Promise.resolve(); }
    return Promise.all([loadStatus(), loadPollers(), loadRuns(), loadConflicts(), loadDeadLetters(), loadInbox(), loadHolds(), followReplays()]).then(function () {
      $('live-status').textContent = 'Updated ' + new Date().toLocaleTimeString();
    }).catch(fail);
  }

  function start() {
    showApp(true);
    refresh();
    if (!timer) { timer = setInterval(refresh, REFRESH_MS); }
  }

  if (auth) { start(); } else { showApp(false); }
}());
