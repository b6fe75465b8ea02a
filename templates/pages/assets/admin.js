// Tidings admin: live edition progress and confirmation prompts. No framework, no CDN.
(function () {
  "use strict";

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // Newsletter form: the next five send times follow the cron and zone being typed.
  var scheduleInputs = document.querySelectorAll("input[data-schedule]");
  var scheduleTimer = null;
  function refreshSchedule() {
    var cron = document.getElementById("nl-cron").value;
    var zone = document.getElementById("nl-zone").value;
    var query = "?cron=" + encodeURIComponent(cron) + "&zone=" + encodeURIComponent(zone);
    fetch("/admin/newsletters/schedule" + query, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        var list = document.getElementById("schedule-times");
        var problem = document.getElementById("schedule-problem");
        list.textContent = "";
        (answer.times || []).forEach(function (time) {
          var item = document.createElement("li");
          item.textContent = time;
          list.appendChild(item);
        });
        problem.textContent = answer.problem || "";
      })
      .catch(function () { /* keep the last answer */ });
  }
  scheduleInputs.forEach(function (input) {
    input.addEventListener("input", function () {
      window.clearTimeout(scheduleTimer);
      scheduleTimer = window.setTimeout(refreshSchedule, 300);
    });
  });

  var section = document.getElementById("progress");
  if (!section) {
    return;
  }
  var url = section.getAttribute("data-url");
  var wasFinal = section.getAttribute("data-final") === "true";

  function set(id, value) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = value;
    }
  }

  function width(id, percent) {
    var element = document.getElementById(id);
    if (element) {
      element.style.width = percent + "%";
    }
  }

  function eta(seconds) {
    if (seconds === null || seconds === undefined) {
      return "–";
    }
    if (seconds < 90) {
      return seconds + " s";
    }
    if (seconds < 5400) {
      return Math.round(seconds / 60) + " min";
    }
    return (seconds / 3600).toFixed(1) + " h";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        set("p-sent", progress.sent);
        set("p-total", progress.total);
        set("p-failed", progress.failed);
        set("p-skipped", progress.skipped);
        set("p-queued", progress.queued);
        set("p-retry", progress.retry);
        set("p-rate", progress.rate);
        set("p-eta", eta(progress.etaSeconds));
        var status = document.getElementById("p-status");
        if (status) {
          status.textContent = progress.status;
          status.className = "badge " + progress.status;
        }
        width("bar-sent", progress.sentPercent);
        width("bar-failed", progress.failedPercent);
        width("bar-skipped", progress.skippedPercent);
        if (progress["final"] || progress.status === "paused") {
          // The buttons depend on the state: show the right ones once it settles.
          if (!wasFinal && progress["final"]) {
            window.location.reload();
          }
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  if (!wasFinal) {
    window.setTimeout(poll, 500);
  }
})();
