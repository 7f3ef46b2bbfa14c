"""tweepy 4.x (Debian's python3-tweepy) as its users call it: API.chunked_upload — v1.1, sequential
1 MiB APPENDs. Timed from the call to FINALIZE's answer (wait_for_async_finalize=False: processing is
the server's time). Prints one JSON line like the Node clients, with its own VmHWM."""
import json
import os
import sys
import time
from urllib.parse import urlparse

try:
    import tweepy
except ImportError as missing:
    print(json.dumps({'ok': False, 'error': f'tweepy is not installed for {sys.executable} '
                      f'(apt-get install python3-tweepy): {missing}'}), flush=True)
    sys.exit(1)


def vm_hwm_kb():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return None


def main():
    job = json.loads(sys.argv[1])
    # REQUESTS_CA_BUNDLE (set by the bench) makes requests trust the sandbox's CA; tweepy builds
    # 'https://' + host + path, so a host with a port points it at the sandbox.
    auth = tweepy.OAuth1UserHandler(job['consumerKey'], job['consumerSecret'], job['token'], job['tokenSecret'])
    api = tweepy.API(auth, host=urlparse(job['apiBase']).netloc, upload_host=urlparse(job['uploadBase']).netloc)
    size = os.path.getsize(job['file'])
    try:
        cpu_at_start = time.process_time()
        started = time.perf_counter()
        media = api.chunked_upload(job['file'], file_type=job['mediaType'], media_category=job['mediaCategory'],
                                   wait_for_async_finalize=False)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_at_start  # user + system CPU of this process
        report = {'ok': True, 'seconds': seconds, 'cpuSeconds': cpu, 'bytes': size, 'mediaId': media.media_id_string}
    except Exception as error:  # report, do not crash: the bench prints "not measured" with the reason
        report = {'ok': False, 'error': f'{type(error).__name__}: {error}'}
    report['peakRssKb'] = vm_hwm_kb()
    print(json.dumps(report), flush=True)
    sys.exit(0 if report['ok'] else 1)


main()
