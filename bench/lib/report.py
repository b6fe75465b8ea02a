#!/usr/bin/env python3
"""Collects one bench/run.sh run into a table (stdout) and a JSON file.

    report.py WORK_DIR ROOT OUT.json [COPY.json]

WORK_DIR holds what run.sh left there: meta.env (key=value lines), limit.json and send.json
(timed_run.py), time.txt (/usr/bin/time -f "%e %U %S %M"), gc.log (-Xlog:gc,gc+heap+exit),
baseline.json and baseline_nodelay.json (NaiveSender's output) with their timed_run.py records
baseline.run.json and baseline_nodelay.run.json, jmh.json (JMH -rf json). The delivery
timestamps come from the database named in meta.env. Missing parts are reported as null.
"""
import json
import os
import platform
import re
import subprocess
import sys
from datetime import datetime, timezone


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                meta[key] = value
    return meta


def run(command, default=None):
    try:
        return subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=60
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return default


# The port of the MariaDB server the run used (meta.env's db_port): the test command's or the
# benchmark's private one, never assumed to be the machine's own.
DB_PORT = "3306"


def sql(db, query):
    out = run(
        ["mariadb", "--no-defaults", "-uroot", "-h127.0.0.1", "-P", DB_PORT, "-N", "-B", db,
         "-e", "SET time_zone = '+00:00'; " + query]
    )
    if not out:
        return []
    return [line.split("\t") for line in out.splitlines()]


def number(value):
    if value is None or value == "NULL":
        return None
    return float(value)


def rounded(value, digits=3):
    # JMH writes "NaN" for the error of a single iteration.
    if not isinstance(value, (int, float)) or value != value:
        return None
    return round(value, digits)


def heap_from_gc_log(path):
    """Largest heap occupancy seen (before a GC, or at exit) and largest after a GC, in MB."""
    peak = None
    live = None
    try:
        with open(path) as f:
            for line in f:
                match = re.search(r"Pause.* (\d+)M->(\d+)M\((\d+)M\)", line)
                if match:
                    before, after = int(match.group(1)), int(match.group(2))
                    peak = before if peak is None else max(peak, before)
                    live = after if live is None else max(live, after)
                    continue
                match = re.search(r"heap\s+total \d+K, used (\d+)K", line)
                if match:
                    used = int(match.group(1)) / 1024
                    peak = used if peak is None else max(peak, used)
    except OSError:
        pass
    return rounded(peak, 1), rounded(live, 1)


def cpu_of(run_info, pids):
    """CPU seconds that the watched PIDs used during one run, summed (None if none was read)."""
    watched = run_info.get("watched") or {}
    values = [watched.get(pid) for pid in pids if watched.get(pid) is not None]
    return sum(values) if values else None


def limit_run(work, name, count, meta):
    """Seconds, messages/s, relay CPU seconds and stunnel client CPU seconds of one smtp-source run
    (None where missing)."""
    run_info = read_json(os.path.join(work, name)) or {}
    seconds = run_info["end"] - run_info["start"] if "end" in run_info else None
    rate = count / seconds if seconds and run_info.get("rc") == 0 else None
    relay_cpu = cpu_of(run_info, meta.get("server_pids", "").split())
    client_cpu = cpu_of(run_info, meta.get("client_pid", "").split())
    return seconds, rate, relay_cpu, client_cpu


def other_load(work):
    """CPU used by processes outside the bench during each phase, in cores on average."""
    phases = {
        "limit": "limit.json",
        "tidings": "send.json",
        "limit_after": "limit_after.json",
        "baseline": "baseline.run.json",
        "baseline_nodelay": "baseline_nodelay.run.json",
        "raw_client": "raw_limit.json",
    }
    load = {}
    for phase, name in phases.items():
        run_info = read_json(os.path.join(work, name)) or {}
        other = run_info.get("other_cpu_s")
        wall = run_info["end"] - run_info["start"] if "end" in run_info else None
        load[phase] = round(max(other, 0) / wall, 2) if other is not None and wall else None
    return load


def machine(db):
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_mb = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_mb = round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    try:  # java -version writes to stderr
        java = subprocess.run(
            ["java", "-version"], capture_output=True, text=True, timeout=60
        ).stderr.splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        java = None
    version = sql(
        db, "SELECT VERSION(), @@innodb_buffer_pool_size, @@innodb_flush_log_at_trx_commit"
    )
    return {
        "cpus": os.cpu_count(),
        "arch": platform.machine(),
        "cpu_model": cpu,
        "memory_mb": mem_mb,
        "kernel": platform.release(),
        "java": java,
        "mariadb": version[0][0] if version else None,
        "mariadb_buffer_pool_mb": round(int(version[0][1]) / 1048576) if version else None,
        "mariadb_flush_log_at_trx_commit": int(version[0][2]) if version else None,
        "postfix": run(["postconf", "-dh", "mail_version"]),
    }


def fanout_done_at(path, edition, start):
    """When the send's log says the edition's last delivery rows were made (epoch seconds).

    The log shows the time of day only (UTC here), so the date is the one of the run's start.
    """
    if edition is None or not start:
        return None
    pattern = re.compile(
        r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*edition %d: all delivery rows made" % int(edition)
    )
    try:
        with open(path, errors="replace") as f:
            for line in f:
                match = pattern.match(line)
                if match:
                    hours, minutes, seconds, millis = (int(g) for g in match.groups())
                    day = datetime.fromtimestamp(start, timezone.utc).replace(
                        hour=0, minute=0, second=0, microsecond=0
                    )
                    at = day.timestamp() + hours * 3600 + minutes * 60 + seconds + millis / 1000
                    return at + 86400 if at < start - 3600 else at
    except OSError:
        return None
    return None


def main(argv):
    work, root, out = argv[1], argv[2], argv[3]
    copies = argv[4:]
    meta = read_meta(os.path.join(work, "meta.env"))
    global DB_PORT
    DB_PORT = meta.get("db_port", DB_PORT)
    db = meta["db"]
    n = int(meta["subscribers"])

    # The limit: smtp-source -> smtp-sink, before and after Tidings; the ratio uses their mean.
    limit_count = int(meta.get("limit_count", 0))
    limit_s, limit_before, limit_sink_cpu, limit_client_cpu = limit_run(
        work, "limit.json", limit_count, meta
    )
    _, limit_after, _, _ = limit_run(work, "limit_after.json", limit_count, meta)
    measured = [rate for rate in (limit_before, limit_after) if rate]
    limit_rate = sum(measured) / len(measured) if measured else None
    # The raw client beside each limit run: its own send loop's rate, errors making it void.
    raw = []
    for name in ("raw_out_limit.json", "raw_out_limit_after.json"):
        blast = read_json(os.path.join(work, name)) or {}
        raw.append(blast.get("msgs_per_s") if blast.get("errors") == 0 else None)
    raw_measured = [rate for rate in raw if rate]
    raw_rate = sum(raw_measured) / len(raw_measured) if raw_measured else None

    # Tidings: the send command, /usr/bin/time, the GC log and the delivery rows.
    send = read_json(os.path.join(work, "send.json")) or {}
    edition = send.get("edition")
    wall = user = system = rss_kb = None
    try:
        with open(os.path.join(work, "time.txt")) as f:
            last = [line for line in f.read().splitlines() if line.strip()][-1].split()
            wall, user, system, rss_kb = float(last[0]), float(last[1]), float(last[2]), int(last[3])
    except (OSError, IndexError, ValueError):
        pass
    heap_peak, heap_live = heap_from_gc_log(os.path.join(work, "gc.log"))
    created = first = last_ack = None
    sent = 0
    statuses = {}
    if edition is not None:
        rows = sql(
            db,
            f"SELECT UNIX_TIMESTAMP(created_at) FROM editions WHERE id = {int(edition)}",
        )
        created = number(rows[0][0]) if rows else None
        rows = sql(
            db,
            "SELECT COUNT(*), UNIX_TIMESTAMP(MIN(sent_at)), UNIX_TIMESTAMP(MAX(sent_at))"
            f" FROM deliveries WHERE edition_id = {int(edition)} AND status = 'sent'",
        )
        if rows:
            sent = int(rows[0][0])
            first, last_ack = number(rows[0][1]), number(rows[0][2])
        for status, count in sql(
            db,
            "SELECT status, COUNT(*) FROM deliveries"
            f" WHERE edition_id = {int(edition)} GROUP BY status",
        ):
            statuses[status] = int(count)
    start = send.get("start")
    fanout_done = fanout_done_at(os.path.join(work, "send.err"), edition, start)
    delivery_s = last_ack - first if first is not None and last_ack is not None else None
    tidings_rate = sent / delivery_s if delivery_s and sent > 1 else None
    to_last_ack = last_ack - start if last_ack is not None and start else None
    watched = send.get("watched") or {}

    baseline = read_json(os.path.join(work, "baseline.json")) or {}
    nodelay = read_json(os.path.join(work, "baseline_nodelay.json")) or {}
    baseline_rate = baseline.get("msgs_per_s")
    nodelay_rate = nodelay.get("msgs_per_s")

    jmh = {}
    for entry in read_json(os.path.join(work, "jmh.json")) or []:
        name = entry["benchmark"].rsplit(".", 1)[-1]
        jmh[name] = {
            "us": rounded(entry["primaryMetric"]["score"], 2),
            "error_us": rounded(entry["primaryMetric"].get("scoreError"), 2),
        }

    def ratio(a, b):
        return round(a / b, 4) if a and b else None

    commit = run(["git", "-C", root, "rev-parse", "--short", "HEAD"])
    dirty = run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"], "")
    result = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git_commit": commit,
        "git_dirty": bool(dirty),
        "jar_built_this_run": meta.get("jar_built") == "1",
        "machine": machine(db),
        "subscribers": n,
        "tls": meta.get("tls", "none"),
        "relay": meta.get("relay", "sink"),
        "relay_name": meta.get("relay_name", "smtp-sink"),
        "message_bytes": int(meta["message_bytes"]),
        "connections": int(meta["connections"]),
        "xmx": meta["xmx"],
        "subscribers_loader": meta.get("loader"),
        "subscribers_load_s": rounded(number(meta.get("load_s"))),
        "limit_msgs_per_s": rounded(limit_rate, 1),
        "limit_before_msgs_per_s": rounded(limit_before, 1),
        "limit_after_msgs_per_s": rounded(limit_after, 1),
        "limit_messages": limit_count,
        "limit_s": rounded(limit_s),
        "limit_sink_cpu_s": rounded(limit_sink_cpu),
        "limit_client_cpu_s": rounded(limit_client_cpu),
        "raw_client_msgs_per_s": rounded(raw_rate, 1),
        "raw_client_before_msgs_per_s": rounded(raw[0], 1),
        "raw_client_after_msgs_per_s": rounded(raw[1], 1),
        "tidings_msgs_per_s": rounded(tidings_rate, 1),
        "tidings_end_to_end_msgs_per_s": rounded(sent / to_last_ack, 1) if to_last_ack else None,
        "tidings_sent": sent,
        "tidings_deliveries": statuses,
        "tidings_exit_code": send.get("rc"),
        "tidings_edition": edition,
        "trigger_to_last_ack_s": rounded(to_last_ack),
        "command_wall_s": rounded(wall if wall is not None else (send["end"] - start if start else None)),
        "jvm_start_s": rounded(created - start if created is not None and start else None),
        "fanout_s": rounded(
            send["planned"] - created if send.get("planned") and created is not None else None
        ),
        "first_message_s": rounded(first - start if first is not None and start else None),
        "fanout_complete_s": rounded(
            fanout_done - created if fanout_done is not None and created is not None else None
        ),
        "delivery_s": rounded(delivery_s),
        "heap_peak_mb": heap_peak,
        "heap_live_peak_mb": heap_live,
        "rss_peak_mb": rounded(rss_kb / 1024, 1) if rss_kb else None,
        "cpu_s": rounded(user + system if user is not None else None, 2),
        "cpu_user_s": user,
        "cpu_sys_s": system,
        "db_cpu_s": rounded(watched.get(meta.get("db_pid", ""))),
        "sink_cpu_s": rounded(cpu_of(send, meta.get("server_pids", "").split())),
        "baseline_msgs_per_s": baseline_rate,
        "baseline_messages": baseline.get("messages"),
        "baseline_s": baseline.get("seconds"),
        "baseline_message_bytes": baseline.get("message_bytes"),
        "baseline_nodelay_msgs_per_s": nodelay_rate,
        "baseline_nodelay_messages": nodelay.get("messages"),
        "tidings_vs_limit": ratio(tidings_rate, limit_rate),
        "tidings_vs_raw_client": ratio(tidings_rate, raw_rate),
        "tidings_vs_baseline": ratio(tidings_rate, baseline_rate),
        "tidings_vs_baseline_nodelay": ratio(tidings_rate, nodelay_rate),
        "render_us": (jmh.get("render") or {}).get("us"),
        "render_compose_us": (jmh.get("renderAndCompose") or {}).get("us"),
        "jmh": jmh or None,
        "other_load": other_load(work),
        "tidings_env": {
            key: value
            for key, value in sorted(os.environ.items())
            if key.startswith("TIDINGS_") and "PASSWORD" not in key and "SECRET" not in key
        },
    }
    text = json.dumps(result, indent=2)
    for path in [out] + copies:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as f:
            f.write(text + "\n")
    print_table(result, out)


def fmt(value, pattern="{:,.0f}", missing="-"):
    return missing if value is None else pattern.format(value)


def print_table(r, out):
    m = r["machine"]
    print()
    print(
        f"Tidings bench - {r['subscribers']:,} subscribers, {r['message_bytes']:,}-byte message,"
        f" {r['connections']} SMTP connection(s), -Xmx{r['xmx']}, TLS: {r['tls']},"
        f" relay: {r['relay_name']}"
    )
    print(
        f"commit {r['git_commit']}{' (dirty)' if r['git_dirty'] else ''}"
        f"{'' if r['jar_built_this_run'] else ' (jar not rebuilt)'}; {m['cpus']} x"
        f" {m['cpu_model']}, {fmt(m['memory_mb'])} MB, {m['arch']}"
    )
    print()
    rows = [
        (("limit: smtp-source -> " if r["tls"] == "none" else "limit: smtp-source -> stunnel -> ")
         + ("smtp-sink" if r["relay"] == "sink" else "Postfix"), r["limit_msgs_per_s"],
         f"{fmt(r['limit_messages'])} msgs, mean of the two below"),
        ("  measured before Tidings", r["limit_before_msgs_per_s"], ""),
        ("  measured after Tidings", r["limit_after_msgs_per_s"], ""),
        ("raw client: pipelined, TLS in the JVM, no work", r["raw_client_msgs_per_s"],
         "mean of before and after"),
        ("Tidings: edition send --wait", r["tidings_msgs_per_s"], f"{fmt(r['tidings_sent'])} msgs"),
        ("naive: render all + Transport.send, 1 thread", r["baseline_msgs_per_s"],
         f"{fmt(r['baseline_messages'])} msgs"),
        ("naive + TCP_NODELAY", r["baseline_nodelay_msgs_per_s"],
         f"{fmt(r['baseline_nodelay_messages'])} msgs"),
    ]
    limit = r["limit_msgs_per_s"]
    print(f"{'':50} {'msgs/s':>10} {'of limit':>9}   sample")
    for label, rate, sample in rows:
        share = fmt(rate / limit * 100 if rate and limit else None, "{:.1f}%")
        print(f"{label:50} {fmt(rate):>10} {share:>9}   {sample}")
    print()
    print(f"Tidings / limit     {fmt(r['tidings_vs_limit'], '{:.3f}')}"
          f"   (/ raw client: {fmt(r['tidings_vs_raw_client'], '{:.3f}')})")
    print(f"Tidings / naive     {fmt(r['tidings_vs_baseline'], '{:.1f}')}x"
          f"   (/ naive + TCP_NODELAY: {fmt(r['tidings_vs_baseline_nodelay'], '{:.1f}')}x)")
    print()
    details = [
        ("trigger -> last ack", r["trigger_to_last_ack_s"], "s",
         f"end to end {fmt(r['tidings_end_to_end_msgs_per_s'])} msgs/s"),
        ("  JVM start + migrations check", r["jvm_start_s"], "s", "trigger -> edition created_at"),
        ("  plan + fan-out", r["fanout_s"], "s", "created_at -> edition committed"),
        ("  all delivery rows made", r["fanout_complete_s"], "s", "created_at -> last fan-out chunk"),
        ("  time to first message", r["first_message_s"], "s", "trigger -> first ack"),
        ("  delivery", r["delivery_s"], "s", "first ack -> last ack"),
        ("command wall time", r["command_wall_s"], "s", "incl. JVM exit"),
        ("heap peak", r["heap_peak_mb"], "MB", f"largest after a GC {fmt(r['heap_live_peak_mb'])} MB"),
        ("RSS peak", r["rss_peak_mb"], "MB", ""),
        ("CPU (Tidings JVM)", r["cpu_s"], "s",
         f"user {fmt(r['cpu_user_s'], '{:.1f}')} + sys {fmt(r['cpu_sys_s'], '{:.1f}')}"),
        ("CPU (MariaDB, during the send)", r["db_cpu_s"], "s", ""),
        ("CPU (relay, during the send)", r["sink_cpu_s"], "s",
         f"{fmt(r['limit_sink_cpu_s'], '{:.2f}')} s for the limit's {fmt(r['limit_messages'])} msgs"
         + ("" if r["tls"] == "none" else
            f", its stunnel client {fmt(r['limit_client_cpu_s'], '{:.2f}')} s")),
        ("render one message (JMH)", r["render_us"], "us", "shared part pre-rendered"),
        ("render + compose + encode (JMH)", r["render_compose_us"], "us", ""),
        ("subscribers load", r["subscribers_load_s"], "s", r["subscribers_loader"] or ""),
    ]
    for label, value, unit, note in details:
        print(f"{label:34} {fmt(value, '{:,.2f}'):>10} {unit:3} {note}")
    if r["tidings_sent"] != r["subscribers"]:
        print(f"\nWARNING: Tidings sent {r['tidings_sent']:,} of {r['subscribers']:,}:"
              f" {r['tidings_deliveries']}")
    busy = {phase: cores for phase, cores in r["other_load"].items() if cores and cores > 0.2}
    if busy:
        print("\nWARNING: other processes used CPU during the measurement (cores, on average):"
              f" {busy}. The numbers are lower than on a quiet machine.")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main(sys.argv)
