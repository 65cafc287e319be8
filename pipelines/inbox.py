"""The inbox (PULSE_INBOX): one folder per channel of dropped export files, and the file
channels the code location offers.

Channels without an API are not known in advance. The code location, when it loads,
offers `twitter`, `tiktok`, and one asset group per generic channel named either in the
registry (`calls: account`) or by a folder of the inbox. A folder created later appears
once the code location reloads (the UI's Reload, or the next `pulse` command);
`pulse import --channel NAME` creates the folder, so the channel exists from then on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from connectors.exports import FILE_CHANNELS
from pipelines.registry import API_CHANNELS, RegistryError, load_registry
from pipelines.settings import Settings

_CHANNEL = re.compile(r"[a-z0-9_]+")
# Not export files: hidden files, spreadsheet lock files, downloads still in progress.
_IGNORED_PREFIXES = (".", "~$", "~")
_IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".download", ".partial")
RESERVED = frozenset({"all"})  # the growth mart's campaign totals


class ChannelNameError(ValueError):
    """A name that cannot be a file channel; the message says why."""


@dataclass(frozen=True)
class InboxFile:
    """A dropped file and what identifies its current content cheaply (size, mtime)."""

    channel: str
    path: Path
    signature: str


def check_file_channel(name: str) -> str:
    """`name` as a file channel: twitter, tiktok, or a generic channel's name."""
    if not _CHANNEL.fullmatch(name):
        raise ChannelNameError(f"{name!r} is not a channel name: use lower-case letters, "
                               "digits and underscores (calls, print, radio)")
    if name in RESERVED:
        raise ChannelNameError(f"{name!r} names the campaign totals in the growth mart; "
                               "choose another channel name")
    if name in API_CHANNELS and name not in FILE_CHANNELS:
        raise ChannelNameError(f"{name!r} is an API channel: its figures come from the "
                               "platform's API, not from files")
    return name


def generic_channels(settings: Settings) -> list[str]:
    """The generic file channels: those the registry names and the inbox has folders
    for, other than API channels, twitter and tiktok. A malformed registry adds none
    (the runs report it)."""
    names: set[str] = set()
    try:
        registry = load_registry(settings.campaigns)
        names |= {s.channel for c in registry.campaigns for s in c.channels}
    except RegistryError:
        pass
    if settings.inbox.is_dir():
        names |= {p.name for p in settings.inbox.iterdir() if p.is_dir()}
    return sorted(n for n in names if _valid(n) and n not in FILE_CHANNELS)


def file_channels(settings: Settings) -> list[str]:
    """Every file channel the code location offers: twitter, tiktok, the generic ones."""
    return [*FILE_CHANNELS, *generic_channels(settings)]


def _valid(name: str) -> bool:
    try:
        check_file_channel(name)
    except ChannelNameError:
        return False
    return True


def inbox_files(inbox: Path, channels: Iterable[str]) -> list[InboxFile]:
    """The files waiting in the folders of `channels`, oldest first."""
    found = []
    for channel in channels:
        folder = inbox / channel
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.is_file() or path.name.startswith(_IGNORED_PREFIXES) \
                    or path.name.lower().endswith(_IGNORED_SUFFIXES):
                continue
            stat = path.stat()
            found.append((stat.st_mtime_ns, InboxFile(channel, path,
                                                      f"{stat.st_size}:{stat.st_mtime_ns}")))
    return [f for _, f in sorted(found, key=lambda item: (item[0], str(item[1].path)))]


def unknown_folders(inbox: Path, channels: Iterable[str]) -> list[str]:
    """Inbox folders no asset serves yet (created after the code location loaded)."""
    known = set(channels)
    if not inbox.is_dir():
        return []
    return sorted(p.name for p in inbox.iterdir()
                  if p.is_dir() and p.name not in known and not p.name.startswith("."))
