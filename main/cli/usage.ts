// The help text: one screen for `xfer --help`, one paragraph per command for `xfer CMD --help`.
export const GLOBAL_USAGE = `xfer — validate media offline and upload it to X in resumable chunks

Usage: xfer [--data-dir DIR] [--json] [--no-color] COMMAND [options]

Commands:
  prepare FILE... --account NAME   validate files and record ready (or draft) sessions; no network
  send [ID...] [--all]             send prepared sessions and wait until they end
  upload FILE... --account NAME    prepare, then send
  sessions [--watch]               list sessions (--watch: redraw until Ctrl-C)
  post FILE... --account NAME --text T  check offline, record, and send now (or --at WHEN) a post or thread
  posts [--state S]                list posts: scheduled, ready, uploading, posting, posted, failed, …
  run [--until-idle]               keep sending uploads and posts as they fall due (no app needed)
  cancel ID | retry ID | forget ID act on one session or post
  validate FILE...                 check files against X's rules for a category
  fix FILE... [--out DIR]          write copies of failing files that fit X (needs ffmpeg)
  accounts                         list, add, verify and remove accounts
  sandbox                          run the local X API emulator
  prefs [KEY [VALUE]]              show or change preferences (concurrency, bandwidthLimit, …)
  completion bash|zsh|fish         print a shell completion script

Global options (before or after the command):
  --data-dir DIR   where the ledger and preferences live (env XFER_DATA_DIR; default: the OS app-data folder)
  --json           print exactly one JSON document on stdout
  --no-color       no colour even on a terminal (so does the NO_COLOR environment variable)
  --bwlimit RATE   cap what upload, send, run, retry and post send, as rclone's --bwlimit: 10M = 10 MiB/s,
                   512K, off (default: the bandwidthLimit preference)
  --help           show help (xfer COMMAND --help for one command)

The built-in "sandbox" account talks to a local X emulator that lives as long as one command (fine for
xfer upload). For sessions that span commands, run \`xfer sandbox\` (long-lived) and add an account for it
with \`xfer accounts add NAME --api-base URL\`.

Exit codes: 0 ok, 1 an upload or check failed, 2 usage error, 3 environment problem (keychain, data dir),
130/143 interrupted (sessions stay resumable).
`;

const upload = `  --account NAME      the account to upload as (required)
  --category C        tweet_image, tweet_gif, tweet_video, amplify_video, dm_image, dm_gif, dm_video,
                      subtitles (default: the Post category that fits each file's detected type)
  --owners A,B        additional owners: own account names or numeric X user ids (at most 100)
  --alt TEXT          alt text for images and GIFs (at most 1000 characters)`;

export const COMMAND_USAGE: Record<string, string> = {
  fix: `Usage: xfer fix FILE... [--category C] [--tier standard|premium] [--out DIR] [--trim] [--ffmpeg PATH]
Writes a copy of each failing file that passes X's checks (re-encoded with ffmpeg; the original is never
written) and prints its path and what changed. A file that cannot be cured says why.
  --category C        the category to fit (default: the one that fits each file's type)
  --tier T            the posting account's tier: standard (default) or premium
  --out DIR           where the copies go (default: the data folder's converted/)
  --trim              agree to cut a video longer than the category allows
  --ffmpeg PATH       the ffmpeg to use (env XFER_FFMPEG; default: ffmpeg on PATH, then the bundled one)
Exit 0 when every file fits or was fitted, 1 when any cannot be, 3 when there is no usable ffmpeg.`,
  prepare: `Usage: xfer prepare FILE... --account NAME [--category C] [--owners A,B] [--alt TEXT] [--fix]
Validates each file offline and records a session: "ready" to send, or "draft" with the reasons it cannot be.
${upload}
  --fix               convert a failing file into a copy that fits X first (needs ffmpeg; see xfer fix)
Exit 0 when every file is ready, 1 when any is a draft.`,
  send: `Usage: xfer send [ID...] [--all] [--concurrency N]
Sends the named sessions (or, with --all, every ready or interrupted one) and waits until each ends.
Without ids or --all it lists what --all would send, and sends nothing.
Waits for the connection when the API is unreachable. Exit 0 only if all succeeded.
  --all               every session that can be sent
  --concurrency N     sessions sent at once per account (default: the "concurrency" preference)`,
  upload: `Usage: xfer upload FILE... --account NAME [--category C] [--owners A,B] [--alt TEXT] [--concurrency N]
Prepares the files, then sends the ready ones. Exit 0 only if every file was uploaded.
${upload}
  --concurrency N     sessions sent at once per account`,
  sessions: `Usage: xfer sessions [--state S] [--account NAME] [--watch [--interval SECONDS]]
Lists sessions, newest first, as a table.
  --watch             redraw every --interval seconds (default 2) until Ctrl-C; follows a send in
                      another terminal`,
  completion: `Usage: xfer completion bash|zsh|fish
Prints a completion script. bash: xfer completion bash > ~/.local/share/bash-completion/completions/xfer
zsh: xfer completion zsh > "\${fpath[1]}/_xfer"   fish: xfer completion fish > ~/.config/fish/completions/xfer.fish`,
  post: `Usage: xfer post [FILE | N:FILE]... --account NAME --text TEXT [--text TEXT]... [--alt TEXT]...
                 [--at WHEN] [--reply-to POST_ID]
Checks the post offline (X's weighted length, up to 4 images or 1 video or 1 GIF, each file's rules, a reply
only to the account's own post, the same text on another of your accounts), records it, and without --at
uploads its media, posts it and waits: prints the post id (--json: {posts:[{id, state, account, text, media,
post_id, scheduled_at, error}]}). Nothing is recorded when a check fails (exit 1).
  --text TEXT         the post's text; repeat it for a thread (each post replies to the one before)
  FILE, N:FILE        media: a FILE goes to the first post, N:FILE to post N of the thread (from 1)
  --alt TEXT          alt text, one per file in the order the files are given
  --at WHEN           when to post: ISO 8601 with a zone (2026-12-24T09:00:00+01:00, …Z) or +90s, +10m, +2h,
                      +1d; sent by the app or \`xfer run\` (media are uploaded up to 2 h ahead)
  --reply-to POST_ID  the X post the (first) post replies to`,
  posts: `Usage: xfer posts [--state S] [--account NAME]
Lists posts, oldest first: state ("missed" when one fell due while Xfer was closed and waits for a choice),
account, time (your zone), text, and the post's link or the reason it failed. --json times are UTC (ISO 8601).`,
  run: `Usage: xfer run [--until-idle]
Resumes interrupted uploads and sends posts as they fall due, until Ctrl-C. A post that fell due while Xfer was
closed waits (xfer retry ID sends it) unless \`xfer prefs missedPosts send\`.
  --until-idle        exit once nothing is left to send; 0 only if everything it handled succeeded`,
  cancel:
    'Usage: xfer cancel ID\nCancels a session (an upload in another xfer process stops at its next step), or a post not yet being sent.',
  retry:
    'Usage: xfer retry ID\nMakes a failed, cancelled or expired session (or post) ready again and sends it, waiting for the end like send.\nFor a post that fell due while Xfer was closed it means "send now".',
  forget: 'Usage: xfer forget ID\nRemoves a session or a post from the ledger (not from X).',
  prefs: `Usage: xfer prefs [KEY [VALUE]]
Shows the preferences, one of them, or sets one (the app's Preferences screen shows the same file). Keys:
  concurrency         uploads sending at once per account (1–8)
  appendsInFlight     APPENDs in flight per upload: adaptive (the default) or 1–16
  bandwidthLimit      cap on all uploads together, as rclone's --bwlimit: 10M = 10 MiB/s, 512K, off
  missedPosts         ask | send: a post that fell due while Xfer was closed
  workOffline         true | false: hold all sending until turned off
  notifications       true | false: desktop notifications (the app)
  closeToTray         true | false: closing the window keeps Xfer sending from the tray (the app)
  firstRunSeen        true | false: the first-run explanation was dismissed (the app)`,
};
