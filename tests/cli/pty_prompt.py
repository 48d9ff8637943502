#!/usr/bin/python3
"""Runs a command on a pseudo-terminal, answers its password prompt, and reports what the terminal showed.

Usage: pty_prompt.py MODE PASSWORD -- COMMAND...
  MODE "answer":    wait for "Password", type PASSWORD and Enter, read to the end.
  MODE "interrupt": wait for "Password", send SIGINT to the command, read to the end.
Prints one JSON object: {"status": exit code or -signal, "output": what the terminal showed (base64),
"echo_after": whether the terminal's ECHO flag is on once the command has ended}.
"""
import base64
import json
import os
import pty
import select
import signal
import sys
import termios
import time


def read_until(fd, needle, deadline, buf):
    while needle not in buf and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def main():
    mode, password = sys.argv[1], sys.argv[2].encode()
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    deadline = time.time() + 30
    out = read_until(fd, b"Password", deadline, b"")
    # The prompt is written after echo is turned off; give the line discipline a moment anyway.
    time.sleep(0.2)
    if mode == "answer":
        os.write(fd, password + b"\n")
    else:
        os.kill(pid, signal.SIGINT)
    out = read_until(fd, b"\0never\0", deadline, out)
    _, status = os.waitpid(pid, 0)
    try:
        echo_after = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    except termios.error:
        echo_after = None
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    print(json.dumps({"status": code, "output": base64.b64encode(out).decode(), "echo_after": echo_after}))


main()
