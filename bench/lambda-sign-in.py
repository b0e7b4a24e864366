#!/usr/bin/env python3
"""A cold first sign-in's trigger time: the five events Cognito sends (define, create, verify, define, pre token
generation) answered in sequence by runtimes started cold, from the first spawn to the last answer.

--mode one:  one process with _HANDLER=any-trigger answers all five (one function for every trigger).
--mode four: one process per trigger, each started when its trigger is first invoked (four functions, as deployed
             before): four cold starts on the sign-in's path.
Each process gets its own Runtime API emulator. Prints the median of N rounds (after one discarded warm-up round).

With --baseline BARE_COMMAND, each round first starts the bare loop cold on the first event (define) and then the
sign-in, so that any drift of the machine falls on both alike; it prints both medians and their ratio.

usage: lambda-sign-in.py --runs 15 --events DIR --mode one|four [--baseline BARE] -- COMMAND [ARGS...]
"""
import argparse, glob, http.server, json, os, queue, statistics, subprocess, sys, threading, time

HANDLERS = {
    "DefineAuthChallenge_Authentication": "define-auth-challenge",
    "CreateAuthChallenge_Authentication": "create-auth-challenge",
    "VerifyAuthChallengeResponse_Authentication": "verify-auth-challenge",
}

class RuntimeApi:
    """One Lambda execution environment's Runtime API: hands out queued events, collects the answers."""

    def __init__(self):
        self.events, self.answers = queue.Queue(), queue.Queue()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            # Kept alive, as Lambda's Runtime API is: a new connection per call would be the harness's cost, not the
            # runtime's (about 1 ms an event here).
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args):
                pass

            def do_GET(self):
                if not self.path.endswith("/runtime/invocation/next"):
                    self.send_response(404); self.end_headers(); return
                event = api.events.get()
                if event is None:
                    return
                request_id, body = event
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 5000))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(202); self.send_header("Content-Length", "0"); self.end_headers()
                api.answers.put((self.path, body, time.perf_counter()))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"

    def invoke(self, request_id, body):
        self.events.put((request_id, body))
        path, answer, at = self.answers.get(timeout=30)
        if not path.endswith(f"/{request_id}/response"):
            sys.exit(f"{request_id}: posted to {path}: {answer[:300]!r}")
        return json.loads(answer), at

    def close(self):
        self.events.put(None)
        self.server.shutdown()

def handler_of(event, mode):
    if mode == "one":
        return "any-trigger"
    source = event["triggerSource"]
    return HANDLERS.get(source, "pre-token-generation" if source.startswith("TokenGeneration_") else None)

def round_trip(events, mode, command, log, client_ms=0):
    """(first spawn to last answer, processes, trigger time): the trigger time is what Cognito waits on the triggers,
    each event from when it is handed over (the first from the spawn) to its answer; with client_ms the client's
    round trip (the challenge to the client and its answer back) passes before verify, as in a real sign-in."""
    environments, processes = {}, []
    start, waited = None, 0.0
    try:
        for number, (name, body) in enumerate(events):
            if client_ms and name.endswith("verify.json"):
                time.sleep(client_ms / 1000)
            handler = handler_of(json.loads(body), mode)
            sent = time.perf_counter()
            if handler not in environments:
                api = RuntimeApi()
                environments[handler] = api
                env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=api.address(), _HANDLER=handler)
                sent = time.perf_counter()
                if start is None:
                    start = sent
                processes.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log))
            answer, at = environments[handler].invoke(f"sign-in-{number}", body)
            waited += at - sent
            if name.endswith("verify.json") and answer["response"].get("answerCorrect") is not True:
                sys.exit(f"verify refused the answer: {answer['response']}")
        return (at - start) * 1000, len(environments), waited * 1000
    finally:
        for process in processes:
            process.kill(); process.wait()
        for api in environments.values():
            api.close()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--events", required=True)
    parser.add_argument("--mode", choices=["one", "four"], required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--baseline", help="a bare Runtime API loop started cold on the first event, in every round")
    parser.add_argument("--client-ms", type=float, default=0, help="the client's round trip before verify (0: back to back)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    events = [(path, open(path, "rb").read()) for path in sorted(glob.glob(os.path.join(args.events, "*.json")))]
    log = open(os.environ.get("COLDSTART_LOG", os.devnull), "ab")
    results, bare = [], []
    for _ in range(args.runs + 1):
        if args.baseline:
            bare.append(round_trip(events[:1], "one", args.baseline.split(), log)[2])
        results.append(round_trip(events, args.mode, command, log, args.client_ms))
    results, bare = results[1:], bare[1:]
    times = [elapsed for elapsed, _, _ in results]
    triggers = [waited for _, _, waited in results]
    line = {
        "label": args.label, "runs": args.runs, "processes": results[0][1], "events": len(events), "client_ms": args.client_ms,
        "sign_in_ms_median": round(statistics.median(times), 2),
        "sign_in_ms_min": round(min(times), 2), "sign_in_ms_max": round(max(times), 2),
        "trigger_ms_median": round(statistics.median(triggers), 2),
        "trigger_ms_min": round(min(triggers), 2), "trigger_ms_max": round(max(triggers), 2),
    }
    if bare:
        line.update({
            "bare_cold_start_ms_median": round(statistics.median(bare), 2),
            "bare_cold_start_ms_min": round(min(bare), 2), "bare_cold_start_ms_max": round(max(bare), 2),
            "trigger_time_over_bare": round(statistics.median(triggers) / statistics.median(bare), 3),
        })
    print(json.dumps(line))

if __name__ == "__main__":
    main()
