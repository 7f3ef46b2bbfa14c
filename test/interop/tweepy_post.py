"""Creates posts on the Xfer sandbox with Debian's tweepy Client (API v2), untouched.

Only the connection is redirected: urllib3's create_connection sends api.twitter.com:443 to the
sandbox on 127.0.0.1 (TLS keeps the host name; REQUESTS_CA_BUNDLE trusts the sandbox CA). tweepy
builds, signs and parses every request itself. Prints one JSON line per step.

usage: tweepy_post.py PORT IMAGE_FILE TEXT  (credentials in XFER_SANDBOX_* env vars)
"""
import json
import os
import sys

import tweepy
import urllib3.util.connection as connection

PORT = int(sys.argv[1])
_create = connection.create_connection


def _to_sandbox(address, *args, **kwargs):
    return _create(("127.0.0.1", PORT), *args, **kwargs)


connection.create_connection = _to_sandbox


def main() -> None:
    image, text = sys.argv[2:4]
    auth = tweepy.OAuth1UserHandler(
        os.environ["XFER_SANDBOX_CONSUMER_KEY"],
        os.environ["XFER_SANDBOX_CONSUMER_SECRET"],
        os.environ["XFER_SANDBOX_TOKEN"],
        os.environ["XFER_SANDBOX_TOKEN_SECRET"],
    )
    media_id = tweepy.API(auth).media_upload(image, chunked=True, media_category="tweet_image").media_id_string
    print(json.dumps({"step": "upload", "media_id": media_id}))
    client = tweepy.Client(
        consumer_key=os.environ["XFER_SANDBOX_CONSUMER_KEY"],
        consumer_secret=os.environ["XFER_SANDBOX_CONSUMER_SECRET"],
        access_token=os.environ["XFER_SANDBOX_TOKEN"],
        access_token_secret=os.environ["XFER_SANDBOX_TOKEN_SECRET"],
    )
    created = client.create_tweet(text=text, media_ids=[media_id], user_auth=True)
    post_id = created.data["id"]
    print(json.dumps({"step": "create", "id": post_id, "text": created.data["text"]}))
    reply = client.create_tweet(text=text + " (reply)", in_reply_to_tweet_id=post_id, user_auth=True)
    print(json.dumps({"step": "reply", "id": reply.data["id"]}))
    read = client.get_tweet(post_id, tweet_fields=["created_at"], user_auth=True)
    print(json.dumps({"step": "read", "id": str(read.data.id), "created_at": str(read.data.created_at)}))
    me = client.get_me(user_auth=True)
    timeline = client.get_users_tweets(me.data.id, max_results=5, user_auth=True)
    print(json.dumps({"step": "timeline", "ids": [str(tweet.id) for tweet in timeline.data]}))
    try:
        client.create_tweet(text=text, user_auth=True)
    except tweepy.Forbidden as refused:
        print(json.dumps({"step": "duplicate", "status": refused.response.status_code, "messages": refused.api_messages}))


if __name__ == "__main__":
    main()
