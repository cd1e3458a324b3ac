// thidua's pages work without this script; it adds progress that moves, drag-and-drop and
// corrections saved in place, all through the same /api/ the pages are built on.
"use strict";

const csrf = () => document.querySelector("main.page")?.dataset.csrf || "";

async function api(method, url, body) {
  const headers = { "X-CSRF-Token": csrf(), "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                      credentials: "same-origin" });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || ("Lỗi " + response.status));
  return data;
}

// A job's page: follow its progress, then show the finished page.
function followJob(box) {
  const id = box.dataset.job;
  const bar = box.querySelector("progress");
  const count = box.querySelector(".count");
  const text = box.querySelector(".status-text");
  const tick = async () => {
    try {
      const job = await api("GET", "/api/jobs/" + id);
      bar.max = job.total || 1; bar.value = job.done;
      count.textContent = job.done + "/" + job.total;
      text.textContent = job.status_text;
      if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
    } catch (e) { text.textContent = e.message; }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 700);
}

// The upload form: files dropped on it are taken like chosen ones.
function dropzone(zone) {
  const input = zone.querySelector("input[type=file]");
  const shown = zone.closest("form").querySelector(".chosen");
  const say = () => { if (shown) shown.textContent = input.files.length ? "Đã chọn " + input.files.length + " tệp." : ""; };
  input.addEventListener("change", say);
  ["dragenter", "dragover"].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.remove("over"); }));
  zone.addEventListener("drop", ev => { input.files = ev.dataTransfer.files; say(); });
}

// A record's form: accept, correct or delete through PATCH/POST/DELETE /api/records/ID.
function correctInPlace(form) {
  const id = form.dataset.id;
  const said = form.querySelector(".saved");
  const initial = Object.fromEntries(new FormData(form));
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const action = ev.submitter ? ev.submitter.value : "correct";
    try {
      let record;
      if (action === "delete") record = await api("DELETE", "/api/records/" + id);
      else if (action === "accept") record = await api("POST", "/api/records/" + id + "/accept");
      else {
        const now = Object.fromEntries(new FormData(form));
        const changes = {};
        for (const name of ["value", "metric", "subject", "unit", "kind"]) {
          if (now[name] !== initial[name]) changes[name] = now[name];
        }
        record = await api("PATCH", "/api/records/" + id, changes);
      }
      said.textContent = "Đã lưu.";
      window.location.assign("/ra-soat/" + id + "?back=" + encodeURIComponent(form.querySelector("[name=back]").value));
    } catch (e) { said.textContent = e.message; said.classList.add("error"); }
  });
}

// The generate form: show the field the chosen way of generating needs.
function generateChoices(form) {
  const update = () => {
    const chosen = form.querySelector("input[name=cach]:checked");
    form.querySelectorAll("[data-for]").forEach(el => {
      const on = chosen && el.dataset.for === chosen.dataset.show;
      el.classList.toggle("shown", on);
      if (!on) el.querySelector("input").value = "";
    });
  };
  form.querySelectorAll("input[name=cach]").forEach(r => r.addEventListener("change", update));
  update();
}

document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-job]").forEach(box => {
    if (box.dataset.status === "queued" || box.dataset.status === "running") followJob(box);
  });
  document.querySelectorAll(".dropzone").forEach(dropzone);
  document.querySelectorAll("form.correct").forEach(correctInPlace);
  document.querySelectorAll("form[action='/tao-van-ban']").forEach(generateChoices);
});
