"""tweepy 4.x (Debian's python3-tweepy) as its users call it: API.chunked_upload — v1.1, sequential
1 MiB APPENDs. Timed from the call to FINALIZE's answer (wait_for_async_finalize=False: processing is
the server's time). Prints one JSON line like the Node clients, with its own VmHWM.

`tweepy_upload.py JOB script`: the whole-process peer instead — what a tweepy user writes to upload files:
a loop over them, API.media_upload(path, chunked=True, wait_for_async_finalize=True) each (then STATUS until
processing ends), file i as account i mod N; timed from the outside by the bench (spawn to exit). chunked=True
because the sandbox serves v1.1's command form only, not the simple upload tweepy would pick for an image."""
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


def api_for(job, token, token_secret):
    # REQUESTS_CA_BUNDLE (set by the bench) makes requests trust the sandbox's CA; tweepy builds
    # 'https://' + host + path, so a host with a port points it at the sandbox.
    auth = tweepy.OAuth1UserHandler(job['consumerKey'], job['consumerSecret'], token, token_secret)
    return tweepy.API(auth, host=urlparse(job['apiBase']).netloc, upload_host=urlparse(job['uploadBase']).netloc)


def script(job):
    files = job.get('files') or [job['file']]
    users = job.get('users') or [{'token': job['token'], 'tokenSecret': job['tokenSecret']}]
    apis = [api_for(job, user['token'], user['tokenSecret']) for user in users]
    uploads = []
    for index, path in enumerate(files):
        media = apis[index % len(apis)].media_upload(path, chunked=True, media_category=job['mediaCategory'],
                                                     wait_for_async_finalize=True)
        uploads.append({'file': path, 'mediaId': media.media_id_string})
    return {'ok': True, 'uploads': uploads}


def one_upload(job):
    api = api_for(job, job['token'], job['tokenSecret'])
    size = os.path.getsize(job['file'])
    cpu_at_start = time.process_time()
    started = time.perf_counter()
    media = api.chunked_upload(job['file'], file_type=job['mediaType'], media_category=job['mediaCategory'],
                               wait_for_async_finalize=False)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_at_start  # user + system CPU of this process
    return {'ok': True, 'seconds': seconds, 'cpuSeconds': cpu, 'bytes': size, 'mediaId': media.media_id_string}


def main():
    job = json.loads(sys.argv[1])
    try:
        report = script(job) if sys.argv[2:] == ['script'] else one_upload(job)
    except Exception as error:  # report, do not crash: the bench prints "not measured" with the reason
        report = {'ok': False, 'error': f'{type(error).__name__}: {error}'}
    report['peakRssKb'] = vm_hwm_kb()
    print(json.dumps(report), flush=True)
    sys.exit(0 if report['ok'] else 1)


main()
