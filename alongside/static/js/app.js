// Progressive enhancement only: every page works without this file.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Drafts: keep what the worker types in this browser too, so nothing is lost
// if the session times out between server autosaves.
for (const form of document.querySelectorAll("form[data-draft-key]")) {
  const key = "alongside-draft:" + form.dataset.draftKey;
  const fields = form.querySelectorAll("input[type=text], textarea");
  let saved = {};
  try {
    saved = JSON.parse(window.localStorage.getItem(key) || "{}");
  } catch (error) {
    saved = {};
  }
  for (const field of fields) {
    if (!field.value && saved[field.name]) {
      field.value = saved[field.name];
    }
    field.addEventListener("input", () => {
      const values = {};
      for (const f of fields) values[f.name] = f.value;
      window.localStorage.setItem(key, JSON.stringify(values));
    });
  }
  form.addEventListener("submit", () => window.localStorage.removeItem(key));
}
