#!/usr/bin/env python3
"""Runs one command and writes what the benchmark needs to know about it as JSON.

    timed_run.py OUT.json [--watch PID ...] [--edition-line] [--stdout FILE] -- COMMAND ...

- start: wall clock (epoch seconds) just before the command is started, the "trigger";
- end: wall clock when it has exited; rc: its exit code;
- planned: with --edition-line, when the line "edition N of SLUG: ..." arrived on its stdout
  (`tidings edition send` prints and flushes it right after the edition and its deliveries were
  committed), and edition: that N;
- watched: CPU seconds (user + system) that each --watch PID and its children used while the
  command ran, read from /proc (the database server and the relay compete with the sender for the
  same cores);
- command_cpu_s: CPU seconds of the command and the children it waited for (rusage);
- machine_cpu_s: busy CPU seconds of the whole machine meanwhile (/proc/stat), and other_cpu_s:
  what is left of it after the command, the watched processes and this script: other processes
  that shared the cores during the measurement (0 on a quiet machine).

The command's stdout goes to FILE with --stdout, else through to this script's stderr.
"""
import json
import os
import re
import resource
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
EDITION = re.compile(r"^edition (\d+) of ")


def stat_fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        # After the ")" of the command name: state is field 3, ppid 4, utime 14, stime 15, cutime
        # 16 and cstime 17 (1-based), so index 0 is field 3.
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid):
    """CPU of PID and of its children: the live ones and those it has waited for.

    A Postfix master's smtpd, cleanup, qmgr and discard processes are its children.
    """
    try:
        fields = stat_fields(pid)
    except (OSError, IndexError, ValueError):
        return None
    ticks = sum(int(value) for value in fields[11:15])
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                child = stat_fields(entry)
                children.setdefault(int(child[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    stack = list(children.get(int(pid), []))
    while stack:
        child = stack.pop()
        try:
            fields = stat_fields(child)
            ticks += sum(int(value) for value in fields[11:15])
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(children.get(child, []))
    return ticks / TICKS


def machine_busy_seconds():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS


def rusage_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main(argv):
    out = argv[1]
    watch = []
    edition_line = False
    stdout_file = None
    i = 2
    while argv[i] != "--":
        if argv[i] == "--watch":
            if argv[i + 1]:
                watch.append(int(argv[i + 1]))
            i += 2
        elif argv[i] == "--stdout":
            stdout_file = argv[i + 1]
            i += 2
        elif argv[i] == "--edition-line":
            edition_line = True
            i += 1
        else:
            raise SystemExit(f"timed_run.py: unknown option {argv[i]}")
    command = argv[i + 1 :]

    before = {pid: cpu_seconds(pid) for pid in watch}
    machine_before = machine_busy_seconds()
    children_before = rusage_seconds(resource.RUSAGE_CHILDREN)
    self_before = rusage_seconds(resource.RUSAGE_SELF)
    result = {"command": command, "planned": None, "edition": None}
    sink = open(stdout_file, "w") if stdout_file else sys.stderr
    result["start"] = time.time()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, bufsize=1)
    for line in process.stdout:
        now = time.time()
        sink.write(line if stdout_file else "  | " + line)
        if edition_line and result["edition"] is None:
            match = EDITION.match(line)
            if match:
                result["planned"] = now
                result["edition"] = int(match.group(1))
    result["rc"] = process.wait()
    result["end"] = time.time()
    after = {pid: cpu_seconds(pid) for pid in watch}
    machine = machine_busy_seconds() - machine_before
    command_cpu = rusage_seconds(resource.RUSAGE_CHILDREN) - children_before
    own = rusage_seconds(resource.RUSAGE_SELF) - self_before
    if stdout_file:
        sink.close()
    result["watched"] = {
        str(pid): (None if before[pid] is None or after[pid] is None else after[pid] - before[pid])
        for pid in watch
    }
    result["command_cpu_s"] = round(command_cpu, 2)
    result["machine_cpu_s"] = round(machine, 2)
    result["other_cpu_s"] = round(
        machine - command_cpu - own - sum(v for v in result["watched"].values() if v), 2
    )
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    return result["rc"]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
