"""Newsletter sending engine vs. a raw smtplib blaster, both against the same local SMTP sink in one run.

Engine: the real ``newsletter.sender.Sender`` on a SQLite database (the embedded default) or PostgreSQL
(``BENCH_NEWSLETTER_DB=postgres``): it writes the send log for a scheduled issue, claims rows, renders a
personalised multipart mail per recipient (greeting, signed unsubscribe token, RFC 8058 headers), sends it and
commits ``sent`` per mail. Baseline: N threads sending one prebuilt message to N recipients with smtplib, no
database, no rendering. Same connection count, same sink (aiosmtpd in its own process, counting only).
Each side runs in its own process so its peak RSS is its own.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONNECTIONS = int(os.environ.get("BENCH_NEWSLETTER_CONNECTIONS", "8"))


# -- the sink ------------------------------------------------------------------------------------------------
def sink_main(port: int, count_file: str) -> dict:
    """aiosmtpd counting recipients; on SIGTERM it writes the count to ``count_file`` and exits."""
    import asyncio
    import signal

    from aiosmtpd.controller import Controller

    count = [0]

    class Counting:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            count[0] += len(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()
    Path(count_file).write_text(str(count[0]))
    return {"received": count[0]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the two contestants (each in a child process) --------------------------------------------------------
def blaster(port: int, n: int) -> dict:
    from newsletter.mail import IssueTemplate, assemble

    tpl = IssueTemplate({"id": "bench", "title": "Ausgabe Benchmark", "intro": "Neues aus den Stadtteilen."},
                        _items(), "http://127.0.0.1:8080")
    raw = assemble(tpl.personalise("Erika Mustermann", "http://127.0.0.1:8080/newsletter/abmelden?token=x"),
                   mail_from="newsletter@kaufbeuren-aktiv.invalid", to_addr="x@example.org", to_name="",
                   message_id="<bench@x>")
    per = [n // CONNECTIONS + (1 if i < n % CONNECTIONS else 0) for i in range(CONNECTIONS)]

    def worker(k: int, count: int) -> None:
        smtp = smtplib.SMTP("127.0.0.1", port)
        for i in range(count):
            smtp.sendmail("newsletter@kaufbeuren-aktiv.invalid", [f"r{k}-{i}@example.org"], raw)
        smtp.quit()

    threads = [threading.Thread(target=worker, args=(k, c)) for k, c in enumerate(per)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - t0, "rss_mib": _rss_mib(), "bytes": len(raw)}


def engine(port: int, n: int, database_url: str, var_dir: str) -> dict:
    from datetime import UTC, datetime

    from newsletter.adapters.orm import subscriber
    from newsletter.bootstrap import SPEC
    from newsletter.sender import Sender
    from newsletter.service_layer import issues, news
    from servicekit.config import Settings
    from servicekit.runtime import Runtime

    env = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": var_dir, "AKTIV_NEWSLETTER_DATABASE_URL": database_url,
           "AKTIV_SMTP_PORT": str(port), "AKTIV_NEWSLETTER_SEND_CONNECTIONS": str(CONNECTIONS),
           "AKTIV_NEWSLETTER_SEND_BATCH": "100", "AKTIV_NEWSLETTER_SEND_POLL_SECONDS": "0.2",
           "AKTIV_LOG_JSON": "false"}
    rt = Runtime(SPEC, Settings.from_env("newsletter", env))
    rt.create_all()
    now = datetime.now(UTC)
    with rt.engine.begin() as conn:
        for start in range(0, n, 5000):
            conn.execute(subscriber.insert(), [
                {"id": f"s{i:07d}", "email": f"empfaenger{i}@example.org", "name": f"Person {i}", "language": "de",
                 "topics": [], "status": "confirmed", "created_at": now, "confirmed_at": now, "soft_bounces": 0,
                 "demo": False} for i in range(start, min(n, start + 5000))])
    ids = [news.create_news(rt.uow(), actor="bench", status="approved", **item)["id"] for item in _items()]
    iid = issues.create_issue(rt.uow(), title="Ausgabe Benchmark", intro="Neues aus den Stadtteilen.",
                              news_ids=ids, actor="bench")["id"]
    t0 = time.perf_counter()
    issues.schedule(rt.uow(), iid, at=None, actor="bench")
    Sender(rt).run(until_idle=True)
    seconds = time.perf_counter() - t0
    with rt.engine.connect() as conn:
        p = issues.issue_progress(conn, iid)
    return {"seconds": seconds, "rss_mib": _rss_mib(), "sent": p["sent"], "status": p["status"]}


def _items() -> list[dict]:
    return [
        {"title": "Der JUZE-Truck fährt wieder", "summary": "Jugendtreff auf Rädern.",
         "body": "Ab Mai ist der Jugendtreff auf Rädern wieder in Neugablonz und Haken unterwegs. " * 4,
         "funder_notice": "Gefördert im Programm Stärken vor Ort aus Mitteln des ESF Plus.",
         "link": "https://example.org/projekte/juze-truck"},
        {"title": "Lesepaten gesucht", "summary": "Vorlesen im Familienstützpunkt.",
         "body": "Im Familienstützpunkt Apfelkern lesen Ehrenamtliche Kindern vor. " * 4,
         "funder_notice": "Gefördert vom Freistaat Bayern.", "link": "https://example.org/engagement/lesen"},
    ]


def _rss_mib() -> float:
    """Peak RSS of this process. VmHWM belongs to the process's own address space (reset by exec); ru_maxrss
    would carry over the peak of the parent that forked us (bench/run.py after the other benchmarks)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CHILD = ("import importlib.util, json, sys\n"
         "spec = importlib.util.spec_from_file_location('newsletter_bench', sys.argv[1])\n"
         "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
         "print('RESULT ' + json.dumps(getattr(mod, sys.argv[2])(*json.loads(sys.argv[3]))), flush=True)\n")


def _child_cmd(name: str, *args) -> list[str]:
    """A clean interpreter: this file is called ``newsletter.py`` like the service package it measures, so the
    children load it under another name and never put bench/ on sys.path."""
    return [sys.executable, "-c", CHILD, __file__, name, json.dumps(args)]


def _child(name: str, *args) -> dict:
    out = subprocess.run(_child_cmd(name, *args), capture_output=True, text=True, timeout=7200, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{name} failed:\n{out.stderr[-3000:]}")


class _Sink:
    def __init__(self, tmp: str, label: str) -> None:
        self.port = _free_port()
        self.count_file = str(Path(tmp) / f"{label}.count")
        self.proc = subprocess.Popen(_child_cmd("sink_main", self.port, self.count_file), stdout=subprocess.PIPE,
                                     text=True, cwd=ROOT)
        assert self.proc.stdout.readline().strip() == "ready"

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        return int(Path(self.count_file).read_text())


def _postgres_url() -> str | None:
    try:
        import psycopg

        name = f"aktiv_bench_nl_{os.getpid()}"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:5432/{name}"
    except Exception:  # noqa: BLE001
        return None


def run(quick: bool = False) -> str:
    n = 5_000 if quick else 100_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # blaster – engine – blaster (half the mails each time): drifting load on a shared machine hits both alike
        sink = _Sink(tmp, "blaster")
        try:
            first = _child("blaster", sink.port, n // 2)
        finally:
            received_blast = sink.stop()
        db_kind = os.environ.get("BENCH_NEWSLETTER_DB", "sqlite")
        url = (_postgres_url() if db_kind == "postgres" else None) or f"sqlite:///{tmp}/newsletter.db"
        sink = _Sink(tmp, "engine")
        try:
            engine_result = _child("engine", sink.port, n, url, tmp)
        finally:
            received_engine = sink.stop()
        sink = _Sink(tmp, "blaster2")
        try:
            second = _child("blaster", sink.port, n - n // 2)
        finally:
            received_blast += sink.stop()
    engine = engine_result
    blast = {"seconds": first["seconds"] + second["seconds"], "rss_mib": max(first["rss_mib"], second["rss_mib"]),
             "bytes": first["bytes"]}
    blast_rate = n / blast["seconds"]
    engine_rate = n / engine["seconds"]
    ratio = engine_rate / blast_rate
    db = "PostgreSQL" if url.startswith("postgresql") else "SQLite (WAL)"
    rows.append(f"| raw smtplib blaster (prebuilt mail, {CONNECTIONS} connections, no database) | {n:,} | "
                f"{received_blast:,} | {blast['seconds']:.1f} | {blast_rate:,.0f} | – | {blast['rss_mib']:.0f} |")
    rows.append(f"| newsletter sending engine ({CONNECTIONS} connections, send log in {db}, commit per mail) | "
                f"{n:,} | {received_engine:,} | {engine['seconds']:.1f} | {engine_rate:,.0f} | {ratio:.0%} | "
                f"{engine['rss_mib']:.0f} |")
    verdict = ("meets" if ratio >= 0.70 else "misses") + " the target of ≥ 70 % of the raw blaster"
    complete = engine["sent"] == n and received_engine == n and engine["status"] == "sent"
    return "\n".join([
        "## Newsletter: personalised mails vs. raw smtplib",
        "",
        f"{n:,} mails to a local aiosmtpd sink (own process, counting only; a fresh sink of the same code for each "
        "part, so each count is exact); the blaster runs half before and half after the engine. Peak RSS is each "
        "sending process's own high-water mark (VmHWM). The engine's time includes writing "
        "the send log for the issue, claiming rows, rendering a personalised multipart mail per recipient "
        "(greeting, signed unsubscribe token, List-Unsubscribe + RFC 8058 headers, stable Message-ID) and "
        f"committing `sent` per mail. Prebuilt mail size: {blast['bytes']:,} bytes.",
        "",
        "| contestant | mails | received by sink | seconds | mails/s | ratio | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Target: engine ≥ 70 % of the blaster's mails/s. Verdict: the engine {verdict} ({ratio:.0%}); "
        f"every mail accounted for: {'yes' if complete else 'NO'} (engine {engine['sent']:,} sent, "
        f"issue status `{engine['status']}`).",
    ])


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
