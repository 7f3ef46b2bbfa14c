"""Uploads one file to the Xfer sandbox with Debian's tweepy, untouched.

Only the host and scheme are redirected, through tweepy's own `upload_host` setting and
REQUESTS_CA_BUNDLE (set by the caller to the sandbox CA); tweepy's protocol handling is its own.
Prints one JSON line: the media id string and the final processing state.

usage: tweepy_upload.py HOST:PORT FILE CATEGORY CHUNK_SIZE  (credentials in XFER_SANDBOX_* env vars)
"""
import json
import os
import sys

import tweepy


def main() -> None:
    upload_host, filename, category, chunk_size = sys.argv[1:5]
    auth = tweepy.OAuth1UserHandler(
        os.environ["XFER_SANDBOX_CONSUMER_KEY"],
        os.environ["XFER_SANDBOX_CONSUMER_SECRET"],
        os.environ["XFER_SANDBOX_TOKEN"],
        os.environ["XFER_SANDBOX_TOKEN_SECRET"],
    )
    api = tweepy.API(auth, upload_host=upload_host)
    media = api.media_upload(filename, chunked=True, media_category=category, chunk_size=int(chunk_size))
    info = getattr(media, "processing_info", None) or {}
    print(json.dumps({"media_id_string": media.media_id_string, "media_id": str(media.media_id), "state": info.get("state")}))


if __name__ == "__main__":
    main()
