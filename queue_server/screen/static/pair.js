/* XepHang: a new TV pairs itself. It makes its own display token (kept in this browser),
 * shows the code the server gives, and once staff enter the code it opens its board with
 * the token in the URL's fragment. Plain JavaScript, no framework. */
(function () {
  "use strict";
  var KEY = "xephang-screen-token";
  function $(id) { return document.getElementById(id); }

  function newToken() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return "xhd_" + btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function rememberNewToken() {
    var made = newToken();
    try { localStorage.setItem(KEY, made); } catch (e) { /* private mode: this visit only */ }
    return made;
  }

  var token = null;
  try { token = localStorage.getItem(KEY); } catch (e) { token = null; }
  if (!token) { token = rememberNewToken(); }

  function show(code) { $("code").textContent = code.slice(0, 3) + " " + code.slice(3); }

  function ask() {
    fetch("/api/v1/screen/pairings", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: token }), cache: "no-store"
    }).then(function (r) { return r.json().then(function (b) { return [r.status, b]; }); })
      .then(function (answer) {
        var body = answer[1];
        if (answer[0] !== 200) { throw new Error((body.error || {}).message || answer[0]); }
        if (body.state === "paired") { go(body); return; }
        show(body.code);
        $("state").textContent = "Mã có hiệu lực 10 phút. Đang chờ cán bộ nhập mã…";
        setTimeout(function () { poll(body.code); }, 2000);
      }).catch(function (e) {
        $("state").textContent = "Chưa xin được mã (" + e.message + "); thử lại sau 10 giây.";
        setTimeout(ask, 10000);
      });
  }

  function go(body) {
    location.href = body.url + "#" + encodeURIComponent(token);
  }

  function poll(code) {
    fetch("/api/v1/screen/pairings/" + code, {
      headers: { Authorization: "Bearer " + token }, cache: "no-store"
    }).then(function (r) { return r.json(); }).then(function (body) {
      if (body.state === "paired") { go(body); return; }
      if (body.state === "expired" || body.error) {
        token = rememberNewToken();
        ask();
        return;
      }
      setTimeout(function () { poll(code); }, 2000);
    }).catch(function () { setTimeout(function () { poll(code); }, 5000); });
  }

  ask();
})();
