#!/usr/bin/env python3
"""Cold start of a Lambda custom runtime under a local Runtime API emulator.

For each run: start the runtime process with AWS_LAMBDA_RUNTIME_API pointing here, hand it one event on
/invocation/next, and stop the clock when its /response arrives (process start -> first response posted).
Peak RSS is the process's VmHWM read just before it is killed. Prints the median of N runs.

usage: lambda-coldstart.py --runs 15 --event EVENT.json --handler define-auth-challenge -- COMMAND [ARGS...]

With --baseline BARE_COMMAND, each round starts the baseline and then COMMAND, one after the other, so that any
drift of the machine during the runs falls on both alike; it prints a line for each and their ratio of medians.
"""
import argparse, http.server, json, os, shlex, statistics, subprocess, sys, threading, time

class Emulator(http.server.BaseHTTPRequestHandler):
    event = b"{}"
    responded = None  # threading.Event set when a response (or error) is posted
    posted = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/runtime/invocation/next"):
            if Emulator.responded.is_set():
                # One invocation per process: hold further polls until the process is killed.
                time.sleep(30)
                return
            self.send_response(200)
            self.send_header("Lambda-Runtime-Aws-Request-Id", "bench-1")
            self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 5000))
            self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.send_header("Content-Length", str(len(Emulator.event)))
            self.end_headers()
            try:
                self.wfile.write(Emulator.event)
            except BrokenPipeError:
                pass
        else:
            self.send_response(404); self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        Emulator.posted["path"], Emulator.posted["body"], Emulator.posted["at"] = self.path, body, time.perf_counter()
        self.send_response(202); self.send_header("Connection", "close"); self.send_header("Content-Length", "0"); self.end_headers()
        Emulator.responded.set()

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        pass  # a killed runtime resets its connections; that is expected here

def peak_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None

def run_once(command, env, log, label):
    """Starts the process, hands it the event, and returns (ms from start to its response, peak RSS in KiB)."""
    Emulator.responded = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    if not Emulator.responded.wait(30):
        process.kill(); sys.exit(f"{label}: no response within 30 s")
    elapsed_ms = (Emulator.posted["at"] - start) * 1000
    peak = peak_rss_kib(process.pid)
    process.kill(); process.wait()
    if not Emulator.posted["path"].endswith("/response"):
        sys.exit(f"{label}: posted to {Emulator.posted['path']}: {Emulator.posted['body'][:200]!r}")
    return elapsed_ms, peak or 0

def summary(label, runs, times, peaks):
    return {
        "label": label, "runs": runs,
        "cold_start_ms_median": round(statistics.median(times), 2),
        "cold_start_ms_min": round(min(times), 2), "cold_start_ms_max": round(max(times), 2),
        "peak_rss_mb_median": round(statistics.median(peaks) / 1024, 1),
    }

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--event", required=True)
    parser.add_argument("--handler", default="define-auth-challenge")
    parser.add_argument("--label", default="")
    parser.add_argument("--baseline", help="a command to run before COMMAND in every round (e.g. the bare loop)")
    parser.add_argument("--baseline-label", default="baseline")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    Emulator.event = open(args.event, "rb").read()
    server = Server(("127.0.0.1", 0), Emulator)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}", _HANDLER=args.handler)
    targets = [(args.label, command)]
    if args.baseline:
        targets.insert(0, (args.baseline_label, shlex.split(args.baseline)))
    results = {label: ([], []) for label, _ in targets}
    log = open(os.environ.get("COLDSTART_LOG", os.devnull), "ab")
    for _ in range(args.runs + 1):  # the first round warms the page cache and is discarded
        for label, target in targets:
            elapsed_ms, peak = run_once(target, env, log, label)
            results[label][0].append(elapsed_ms); results[label][1].append(peak)
    lines = [summary(label, args.runs, times[1:], peaks[1:]) for label, (times, peaks) in results.items()]
    for line in lines:
        print(json.dumps(line))
    if args.baseline:
        print(json.dumps({"ratio_of_medians": round(lines[1]["cold_start_ms_median"] / lines[0]["cold_start_ms_median"], 2),
                          "of": lines[1]["label"], "over": lines[0]["label"]}))
    server.shutdown()

if __name__ == "__main__":
    main()
