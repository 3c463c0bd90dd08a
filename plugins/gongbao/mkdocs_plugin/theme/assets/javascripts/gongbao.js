// 适老化: a "大字" switch in the header that enlarges all text and remembers the choice.
// The choice itself is applied before the first paint by the inline script at the end of every
// page's <head> (gongbao/_head.html); the switch takes the room gongbao.css keeps for it, so
// adding it moves nothing.
(function () {
  var KEY = "gongbao.large";
  var root = document.documentElement;
  try { if (localStorage.getItem(KEY) === "1") root.classList.add("gb-large"); } catch (e) {}
  function install() {
    var button = document.querySelector(".gb-size-toggle");  // a page may carry its own
    var header = document.querySelector(".md-header__inner");
    if (button && button.gbReady) return;
    if (!button) {
      if (!header) return;
      button = document.createElement("button");
      button.type = "button";
      button.className = "md-header__button gb-size-toggle";
      header.appendChild(button);
    }
    button.gbReady = true;
    var sync = function () {
      var on = root.classList.contains("gb-large");
      button.textContent = on ? "标准字号" : "大字";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    };
    button.addEventListener("click", function () {
      root.classList.toggle("gb-large");
      try { localStorage.setItem(KEY, root.classList.contains("gb-large") ? "1" : "0"); } catch (e) {}
      sync();
    });
    sync();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();

// Advanced search: show the archive's search form only where `gongbao serve` answers.
(function () {
  function probe() {
    var forms = document.querySelectorAll("form.gb-search-form[data-gb-probe]");
    if (!forms.length || location.protocol === "file:" || !window.fetch) return;
    fetch(forms[0].getAttribute("data-gb-probe") + "?q=", { headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("json") !== -1) {
          forms.forEach(function (form) { form.hidden = false; });
        }
      })
      .catch(function () {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", probe);
  else probe();
})();
