// 适老化: a "大字" switch in the header that enlarges all text and remembers the choice.
(function () {
  var KEY = "gongbao.large";
  var root = document.documentElement;
  try { if (localStorage.getItem(KEY) === "1") root.classList.add("gb-large"); } catch (e) {}
  function install() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".gb-size-toggle")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button gb-size-toggle";
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
    header.appendChild(button);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
