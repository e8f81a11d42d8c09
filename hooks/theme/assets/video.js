/* Family Handbook: click-to-load videos. The YouTube or Vimeo player sits inert in a <template>
   until the parent taps play, so opening a page asks nothing of another site. */

export function setupVideos() {
  document.querySelectorAll("[data-hb-video]").forEach(function (figure) {
    const start = figure.querySelector("[data-hb-video-start]");
    const frame = figure.querySelector("template[data-hb-video-frame]");
    if (!start || !frame) return;
    start.addEventListener("click", function () {
      const player = frame.content.firstElementChild.cloneNode(true);
      start.replaceWith(player);
      figure.classList.add("hb-video-playing");
      player.focus();
    });
  });
}
