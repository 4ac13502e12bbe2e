// Copy buttons of the invitation texts. Without JavaScript the buttons stay hidden and the text is selected
// by hand (the textareas are read-only, never disabled).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const target = document.getElementById(button.dataset.copy);
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      target.focus();
      target.select();
      try {
        await navigator.clipboard.writeText(target.value);
      } catch {
        document.execCommand("copy");
      }
      let note = button.parentElement.querySelector(".copy-done");
      if (!note) {
        note = document.createElement("span");
        note.className = "copy-done";
        note.setAttribute("role", "status");
        button.after(note);
      }
      note.textContent = "コピーしました";
    });
  });
});
