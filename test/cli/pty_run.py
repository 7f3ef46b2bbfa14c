# Runs a command on a pseudo-terminal (stdin, stdout and stderr all the terminal, 120x40), relaying
# this process's stdin to it and its output to our stdout; exits with the command's exit code.
# The CLI tests use it where behaviour depends on a TTY: colour, hidden prompts.
import fcntl, os, select, struct, subprocess, sys, termios

master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
child = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
inputs = [master, sys.stdin.fileno()]
while True:
    ready, _, _ = select.select(inputs, [], [], 0.05)
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            break
        os.write(sys.stdout.fileno(), data)
    if sys.stdin.fileno() in ready:
        data = os.read(sys.stdin.fileno(), 65536)
        if data:
            os.write(master, data)
        else:
            inputs.remove(sys.stdin.fileno())
    if child.poll() is not None and master not in select.select([master], [], [], 0.05)[0]:
        break
sys.exit(child.wait())
