// Runs only in browsers without JavaScript modules (type="module" is ignored there, this
// "nomodule" script is not): replace the endless "loading" line with an explanation.
// Plain ES5 on purpose; the text itself is in the page (from the strings file).
(function () {
  var loading = document.getElementById('loading');
  var note = document.getElementById('old-browser');
  if (loading) loading.parentNode.removeChild(loading);
  if (note) note.removeAttribute('hidden');
})();
