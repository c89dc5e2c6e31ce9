// The documents page: a zip takes a while to build (PDF about a second a unit), so say so
// while the browser waits for the download.
document.querySelectorAll("a[data-busy]").forEach((link) => {
  link.addEventListener("click", () => {
    const note = document.getElementById("bundle-busy");
    if (!note) return;
    note.textContent = link.dataset.busy;
    note.hidden = false;
    clearTimeout(note.timer);
    note.timer = setTimeout(() => { note.hidden = true; }, 45000);
  });
});
