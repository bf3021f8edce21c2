/* XepHang browser display. Plain JavaScript for old TV browsers: no framework, no build.
 * The server renders the board and speaks the calls; this page places the board, follows
 * the event stream (replayed with Last-Event-ID after a cut), plays each call once, in
 * order, never two at a time, and reports a heartbeat. The display's token is the URL's
 * fragment (#...), which the browser never sends to any server. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("screen-config").textContent);
  var token = decodeURIComponent(location.hash.replace(/^#/, ""));
  var zone = (location.search.match(/[?&]zone=([A-Za-z0-9_,-]+)/) || [])[1] || "";
  var STALE_STREAM_MS = 45000; // the server sends a keep-alive every 15 s
  var STOP = { stop: true };
  var state = {
    lastSeq: null, // the newest event seen: where a reconnect resumes
    baseline: null, // calls up to here were made before the page opened: shown, not said
    seen: {}, // call seq -> true: each call is queued at most once
    queue: [], // calls waiting to be said: {seq, banner, counterId, age, at}
    dropped: 0,
    playing: false,
    sound: true, // false after the browser refused to play without a touch
    connected: false,
    lit: null, // {counterId, until}
    clockOffset: 0,
    tz: "Asia/Ho_Chi_Minh",
    refreshTimer: null,
    bannerTimer: null,
    litTimer: null,
    backoff: 1000
  };
  var report = { played: [], boards: 0, streams: 0, errors: [] };
  window.xephangScreen = report; // for support staff and the browser tests

  function $(id) { return document.getElementById(id); }

  function headers(extra) {
    var h = { Authorization: "Bearer " + token };
    for (var k in extra) { if (Object.prototype.hasOwnProperty.call(extra, k)) { h[k] = extra[k]; } }
    return h;
  }

  function api(path, options) {
    options = options || {};
    options.headers = headers(options.headers || {});
    options.cache = "no-store";
    return fetch("/api/v1" + path, options);
  }

  function problem(text) {
    var p = $("problem");
    p.textContent = text;
    p.hidden = !text;
  }

  function refused(status) {
    if (status === 401 || status === 403) {
      problem("Mã thiết bị không hợp lệ hoặc đã bị thu hồi — xin báo bộ phận CNTT. " +
        "/ This display's token is invalid or revoked.");
      return true;
    }
    return false;
  }

  /* ---------- the frame and the board ---------- */

  function loadFrame() {
    return api("/screen/frame").then(function (r) {
      if (refused(r.status)) { throw STOP; }
      if (!r.ok) { throw new Error("frame " + r.status); }
      return r.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var top = holder.querySelector("header");
      var bottom = holder.querySelector("footer");
      $("frame-top").innerHTML = "";
      $("frame-bottom").innerHTML = "";
      if (top) { $("frame-top").appendChild(top); }
      if (bottom) { $("frame-bottom").appendChild(bottom); }
      var clock = $("clock");
      if (clock) {
        state.clockOffset = parseFloat(clock.getAttribute("data-now")) * 1000 - Date.now();
        state.tz = clock.getAttribute("data-tz") || state.tz;
      }
      tick();
    });
  }

  function refreshSoon() {
    if (state.refreshTimer) { return; }
    state.refreshTimer = setTimeout(function () {
      state.refreshTimer = null;
      refresh();
    }, 120);
  }

  function refresh() {
    return api("/screen/board" + (zone ? "?zone=" + zone : "")).then(function (r) {
      if (refused(r.status)) { throw STOP; }
      if (!r.ok) { throw new Error("board " + r.status); }
      return r.text();
    }).then(function (html) {
      $("board").innerHTML = html;
      report.boards += 1;
      var root = $("board").querySelector(".board");
      var last = root ? parseInt(root.getAttribute("data-last-seq"), 10) : 0;
      if (state.baseline === null) { state.baseline = last; }
      if (state.lastSeq === null) { state.lastSeq = last; }
      queueNewCalls();
      applyLit();
    }).catch(function (e) {
      if (e !== STOP) { report.errors.push(String(e)); }
    });
  }

  function queueNewCalls() {
    var items = $("board").querySelectorAll(".recent li");
    var found = [];
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var seq = parseInt(li.getAttribute("data-seq"), 10);
      if (seq <= state.baseline || state.seen[seq]) { continue; }
      state.seen[seq] = true;
      var call = {
        seq: seq,
        banner: li.getAttribute("data-banner"),
        counterId: li.getAttribute("data-counter-id"),
        age: parseFloat(li.getAttribute("data-age")) || 0,
        at: Date.now()
      };
      if (call.age <= cfg.fresh_s) { found.push(call); }
    }
    found.sort(function (a, b) { return a.seq - b.seq; });
    for (var j = 0; j < found.length; j++) { state.queue.push(found[j]); }
    speakNext();
  }

  function showCall(call) {
    var banner = $("banner");
    banner.textContent = call.banner;
    banner.className = "banner called";
    clearTimeout(state.bannerTimer);
    state.bannerTimer = setTimeout(function () {
      banner.textContent = banner.getAttribute("data-idle");
      banner.className = "banner idle";
    }, Math.max(5, cfg.banner_s) * 1000);
    state.lit = { counterId: call.counterId, until: Date.now() + cfg.highlight_s * 1000 };
    applyLit();
  }

  function applyLit() {
    var cards = $("board").querySelectorAll(".card.lit");
    for (var i = 0; i < cards.length; i++) { cards[i].className = "card"; }
    var lit = state.lit;
    if (!lit || Date.now() >= lit.until) { return; }
    var card = $("card-" + lit.counterId);
    if (card) { card.className = "card lit"; }
    clearTimeout(state.litTimer);
    state.litTimer = setTimeout(applyLit, lit.until - Date.now() + 10);
  }

  /* ---------- spoken calls: one at a time, fresh ones only, a bounded backlog ---------- */

  function speakNext() {
    if (state.playing) { return; }
    var now = Date.now();
    var fresh = [];
    for (var i = 0; i < state.queue.length; i++) {
      var c = state.queue[i];
      if (c.age + (now - c.at) / 1000 <= cfg.fresh_s) { fresh.push(c); } else { state.dropped += 1; }
    }
    while (fresh.length > cfg.max_backlog) {
      var old = fresh.shift();
      showCall(old);
      state.dropped += 1;
    }
    state.queue = fresh;
    if (!state.sound) {
      while (state.queue.length) { showCall(state.queue.shift()); }
      state.dropped = 0;
      return;
    }
    if (state.dropped) {
      state.dropped = 0;
      play("/screen/backlog.wav", null);
      return;
    }
    if (!state.queue.length) { return; }
    var call = state.queue.shift();
    play("/screen/calls/" + call.seq + ".wav" + (state.queue.length ? "?busy=true" : ""), call);
  }

  function play(path, call) {
    state.playing = true;
    var finished = false;
    var url = null;
    var guard = null;
    function done() {
      if (finished) { return; }
      finished = true;
      clearTimeout(guard);
      if (url) { URL.revokeObjectURL(url); }
      state.playing = false;
      setTimeout(speakNext, 300);
    }
    api(path).then(function (r) {
      if (!r.ok) { throw new Error(path + " " + r.status); }
      return r.blob();
    }).then(function (blob) {
      url = URL.createObjectURL(blob);
      var audio = new Audio(url);
      audio.playbackRate = cfg.playback_rate || 1;
      audio.onended = done;
      audio.onerror = done;
      guard = setTimeout(done, 40000); // never stuck behind one clip
      var started = audio.play();
      var sounding = function () {
        if (call) { showCall(call); }
        report.played.push({ seq: call ? call.seq : 0, bytes: blob.size, at: Date.now() });
      };
      if (started && started.then) {
        started.then(sounding, function () {
          if (call) { showCall(call); }
          soundBlocked();
          done();
        });
      } else {
        sounding();
      }
    }).catch(function (e) {
      report.errors.push(String(e));
      if (call) { showCall(call); }
      done();
    });
  }

  function soundBlocked() {
    state.sound = false;
    $("sound").hidden = false;
  }

  $("sound").onclick = function () {
    state.sound = true;
    $("sound").hidden = true;
    heartbeat();
  };

  /* ---------- the event stream, with replay after a cut ---------- */

  function setConnected(up) {
    state.connected = up;
    $("reconnecting").hidden = up;
  }

  function handle(block) {
    var id = null;
    var kind = "message";
    var lines = block.split("\n");
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (line.indexOf("id:") === 0) { id = parseInt(line.slice(3), 10); }
      if (line.indexOf("event:") === 0) { kind = line.slice(6).replace(/^ /, ""); }
    }
    if (id === null) { return; } // a keep-alive comment
    state.lastSeq = id;
    if (cfg.quiet_kinds.indexOf(kind) < 0) { refreshSoon(); }
  }

  function connect() {
    var extra = { Accept: "text/event-stream" };
    if (state.lastSeq !== null) { extra["Last-Event-ID"] = String(state.lastSeq); }
    var control = window.AbortController ? new AbortController() : null;
    var heard = Date.now();
    var watchdog = setInterval(function () {
      if (Date.now() - heard > STALE_STREAM_MS && control) { control.abort(); }
    }, 5000);
    var options = { headers: extra };
    if (control) { options.signal = control.signal; }
    api("/events", options).then(function (r) {
      if (refused(r.status)) { throw STOP; }
      if (!r.ok || !r.body) { throw new Error("events " + r.status); }
      report.streams += 1;
      state.backoff = 1000;
      setConnected(true);
      problem("");
      refresh();
      var reader = r.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function next() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error("stream ended"); }
          heard = Date.now();
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r/g, "");
          var blocks = buffer.split("\n\n");
          buffer = blocks.pop();
          for (var i = 0; i < blocks.length; i++) { handle(blocks[i]); }
          return next();
        });
      }
      return next();
    }).catch(function (e) {
      clearInterval(watchdog);
      setConnected(false);
      if (e === STOP) { return; }
      report.errors.push(String(e));
      setTimeout(connect, state.backoff);
      state.backoff = Math.min(state.backoff * 2, 15000);
    });
  }

  /* ---------- clock, heartbeat, upgrades ---------- */

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var clock = $("clock");
    if (!clock) { return; }
    var now = new Date(Date.now() + state.clockOffset);
    var parts = {};
    try {
      var f = new Intl.DateTimeFormat("en-GB", {
        timeZone: state.tz, hour12: false, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit"
      });
      var list = f.formatToParts(now);
      for (var i = 0; i < list.length; i++) { parts[list[i].type] = list[i].value; }
    } catch (e) {
      parts = { hour: pad(now.getHours()), minute: pad(now.getMinutes()), second: pad(now.getSeconds()),
        day: pad(now.getDate()), month: pad(now.getMonth() + 1), year: String(now.getFullYear()) };
    }
    clock.textContent = parts.hour + ":" + parts.minute + ":" + parts.second + "  " +
      parts.day + "/" + parts.month + "/" + parts.year;
  }

  function heartbeat() {
    var key = "screen-" + Date.now().toString(36) + "-" + Math.floor(Math.random() * 1e9).toString(36);
    var body = {
      idempotency_key: key,
      device: "screen",
      state: state.sound ? "ready" : "unknown",
      detail: ("web " + cfg.label + " · " + cfg.version + " · " +
        (state.sound ? "âm thanh bật" : "âm thanh chưa bật") + " · " +
        (state.connected ? "đang nhận sự kiện" : "mất kết nối")).slice(0, 200)
    };
    api("/devices/health", {
      method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" }
    }).catch(function () { /* the next beat tries again */ });
    fetch("/healthz", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (h) {
      if (h.version && h.version !== cfg.version) { location.reload(); }
    }).catch(function () { /* the server is away: the stream shows it */ });
  }

  if (!token) {
    problem("Địa chỉ thiếu mã thiết bị (#...) — xin báo bộ phận CNTT. / The address lacks the display token.");
    return;
  }
  $("banner").setAttribute("data-idle", $("banner").textContent);
  setInterval(tick, 1000);
  loadFrame().then(connect, function (e) {
    if (e !== STOP) { report.errors.push(String(e)); setTimeout(function () { location.reload(); }, 15000); }
  });
  setTimeout(heartbeat, 2000);
  setInterval(heartbeat, cfg.heartbeat_s * 1000);
})();
