/* The library preview's filters: show the activities of one area that fit a child's age.
   Without the script every activity shows, so the form stays hidden until it works. */

export function setupLibraryFilter(form) {
  const areas = document.querySelectorAll("[data-hb-area]");
  const count = form.querySelector("[data-hb-filter-count]");
  const words = count.getAttribute("data-hb-words");

  function apply() {
    const area = form.elements.area.value;
    const age = Number(form.elements.age.value);
    let shown = 0;
    let total = 0;
    areas.forEach(function (section) {
      let visible = 0;
      section.querySelectorAll("[data-hb-ages]").forEach(function (item) {
        const [youngest, oldest] = item.getAttribute("data-hb-ages").split(" ").map(Number);
        const fits = (!area || section.getAttribute("data-hb-area") === area) &&
          (!age || (youngest <= age && age <= oldest));
        item.hidden = !fits;
        total += 1;
        if (fits) visible += 1;
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    count.textContent = words.replace("{shown}", String(shown)).replace("{total}", String(total));
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
}
