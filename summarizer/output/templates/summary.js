// The filters need this script: show them only once it runs (the stylesheet hides them before).
document.documentElement.classList.add("js");
// Category filters: a class on <body> per hidden category; the stylesheet does the rest.
for (const box of document.querySelectorAll("input.filter")) {
  box.addEventListener("change", () => {
    document.body.classList.toggle("hide-" + box.value, !box.checked);
  });
}
