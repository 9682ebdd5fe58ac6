"""The ``seekframe`` command's help texts: its description, its examples and exit codes
(``EXAMPLES``), and each command's examples (``COMMAND_EXAMPLES``), which ``core.cli_args``'s
parser shows."""

from __future__ import annotations

from .caption_files import TEXT_KEYS, VIDEO_KEYS


def _either(names) -> str:
    return f"{', '.join(names[:-1])} or {names[-1]}"

DESCRIPTION = """\
Search your own videos by meaning, on your own machine.

With no COMMAND, opens the desktop app (on --library DIR with --model M when given)."""

EXAMPLES = """\
examples:
  seekframe                                    open the desktop app
  seekframe --library ~/work-library           open the app on another library
  seekframe demo                               write the demo clips, print the queries to try
  seekframe index ~/Videos                     index a folder (run again: only what changed)
  seekframe search "a dog catching a frisbee" -k 5
  seekframe similar ~/Videos/beach.mp4@1:12    clips like that moment
  seekframe status                             what the library holds
  seekframe COMMAND --help                     a command's options and examples

log: what each command did, warnings and the details of errors go to <data home>/seekframe-app.log
(the desktop app's log too); -v prints them as they come.

exit codes: 0 done; 1 index finished but this run failed files (new, or tried again: listed with
reasons; a failure of an earlier run not tried again is listed but is no failure of this one once a
finished index reported it, one of a run cut short or of the app's run counts once: `seekframe
status` lists them all); 2 a usage error or an error the message explains; 3 the disk is
full; 130 interrupted (Ctrl-C: what was done is kept; the message says how to go on: the same
command, or after a --reindex on the library's model a plain `seekframe index`, which embeds only
the videos it left)."""

COMMAND_EXAMPLES = {
    "index": """\
PATH is a folder (its subfolders included; hidden files skipped) or a video file. Without
PATH, every folder of the library is re-scanned. A PATH must exist, unless it is already one
of the library's folders: then its drive is taken as unmounted and its videos are kept, marked
offline. A PATH inside one of the library's folders is indexed as part of that folder (not listed
as a folder of its own); a new folder that holds library folders takes them in.

examples:
  seekframe index ~/Videos /media/usb/holiday
  seekframe index                              re-scan the library's folders
  seekframe index --retry-failed               try the files that failed before again
  seekframe index --reindex --model openai/clip-vit-base-patch32
  seekframe index --prune /media/usb/holiday   remove videos that are really gone
  seekframe index -q --wait 60                 a nightly job: waits for the app's own run

Exit code 1 when this run failed a file (a new one, or one it tried again failing again:
--retry-failed, a failure of the moment tried by the next run) or could not read a folder or a
PATH (a file named that an earlier run failed too). A file an earlier run failed and this one
does not try is listed (not with -q) and ends in 0 once an index that finished has reported it
(listed it, or ended in 1 for it), as does a folder still unread for the same reason; one failed
by a run cut short (Ctrl-C, a full disk, a kill) or by the app's own run ends the next run in 1
once, so a nightly job mails each failure once; `seekframe status` lists every failed file.""",
    "search": """\
examples:
  seekframe search "a dog catching a frisbee on the beach" -k 5
  seekframe search "sunset over water" --videos --folder ~/Videos/2024 --after 2024-06-01
  seekframe search "birthday cake" --min-duration 0:30 --json
  seekframe search "a red kite" --library s3://bucket/seekframe   a library on an object store""",
    "similar": """\
FILE@TIME names a moment: 75, 75.5, 1:15 or 0:01:15 (a time on a moment boundary names the
moment that starts there). FILE alone: the whole video.

examples:
  seekframe similar ~/Videos/beach.mp4@1:12
  seekframe similar ~/Videos/beach.mp4 --moments -k 20""",
    "captions": """\
examples:
  seekframe captions ~/Videos/beach.mp4@72
  seekframe captions ~/Videos/beach.mp4 --json""",
    "captions-import": f"""\
.txt: one caption per line (blank lines and lines starting with # are skipped).
.csv: a header with a caption column ({_either(TEXT_KEYS)}; any case),
      optionally a video column ({_either(VIDEO_KEYS)}) and start/end in
      seconds (72, 72.5, 1:12 or 1m12s).
.json: a list of captions; a list of objects with those keys; {{"video": ["caption", ...]}};
      or MSR-VTT's {{"sentences": [{{"caption": ..., "video_id": ...}}]}}.

examples:
  seekframe captions-import my-captions.csv""",
    "note": """\
examples:
  seekframe note ~/Videos/beach.mp4@72 "Rex's first catch"
  seekframe note ~/Videos/beach.mp4 "the whole afternoon at the beach"
  seekframe note ~/Videos/beach.mp4@72 --remove          the note on that moment, taken back
  seekframe note ~/Videos/beach.mp4@72 --remove "Rex's first catch"   the one of its notes with those words""",
    "forget": """\
The videos under FOLDER leave the library with their moments, and FOLDER leaves its list of
folders; the files themselves are not touched. Index the folder again to bring them back.
A FOLDER that holds several of the library's folders (~ holding ~/Videos and ~/Phone) is
refused, saying what it would remove, unless --all is given (in a terminal, it asks first). So is
a FOLDER that took library folders in (~ indexed while ~/Videos was listed): --keep-inside
forgets it but keeps those, listed on their own again with their videos (`seekframe status`
says which folders a folder took in).

examples:
  seekframe forget /media/usb/old-phone
  seekframe forget /media/usb --all            every library folder on that drive
  seekframe forget ~ --keep-inside             a mistaken `index ~`: ~/Videos stays, ~'s own videos go""",
    "repair": """\
Reads each of the library's tables through. One that cannot be read (a file cut short by a disk
error or an interrupted copy) is set aside whole, renamed db/TABLE.lance.damaged-TIME (nothing is
deleted), and the command says what that means: for the moments, the next index embeds the videos
again, notes and captions kept. A library.json that cannot be read is set aside the same way
(library.json.damaged-TIME) and made again from the tables: its folders from the videos' rows, its
model from the vectors.

examples:
  seekframe repair
  seekframe repair --library /media/usb/seekframe-library""",
    "status": """\
examples:
  seekframe status
  seekframe status --json""",
    "demo": """\
examples:
  seekframe demo                               then run the two commands it prints
  seekframe demo --out ~/seekframe-demo""",
}
