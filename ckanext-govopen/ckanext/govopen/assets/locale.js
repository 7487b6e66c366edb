/* CKAN writes dates with moment ("automatic-local-datetime", main.js), in the
   page's language: moment.locale(<html lang>). Chinese pages say zh-Hans-CN,
   which moment (it knows zh-cn) does not resolve, so every date on them read
   "December 5, 2026, 1:24 AM". Loaded after CKAN's scripts, before the page's
   ready handlers run: zh-Hans-CN is moment's zh-cn. */
(function () {
  var m = window.moment;
  if (!m || !m.locales || m.locales().indexOf("zh-cn") < 0 || m.locales().indexOf("zh-hans-cn") >= 0) {
    return;
  }
  var current = m.locale();
  m.defineLocale("zh-hans-cn", {parentLocale: "zh-cn"});
  m.locale(current);           // defineLocale also switches to it: main.js chooses
})();
