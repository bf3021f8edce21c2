"""Sound for the waiting room: a chime, speech engines (espeak-ng, pre-rendered clips),
WAV assembly, and the sinks that play or keep it. Offline only: nothing leaves the box."""

from __future__ import annotations

import io
import logging
import math
import shutil
import struct
import subprocess
import threading
import time
import wave
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from queue_core.speech import (
    BACKLOG_SENTENCE,
    CALL_TEMPLATE,
    DIGITS,
    LETTERS,
    MERGED_OPENING,
    SHORT_TEMPLATE,
)

log = logging.getLogger("xephang.audio")

RATE = 22050
"""espeak-ng speaks at 22 050 Hz, 16-bit mono; everything here uses that format."""


class SpeechError(Exception):
    """The speech engine is missing or failed."""


def pcm_to_wav(frames: bytes, rate: int = RATE) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return buf.getvalue()


def wav_frames(data: bytes) -> bytes:
    """The 16-bit mono PCM inside a WAV (espeak-ng's streamed WAV has a bogus length)."""
    with wave.open(io.BytesIO(data)) as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1 or w.getframerate() != RATE:
            raise SpeechError("clips must be 16-bit mono at 22050 Hz")
        return bytes(w.readframes(w.getnframes() or 10**9))


def duration_s(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as w:
        return float(w.getnframes()) / float(w.getframerate())


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(RATE * seconds)


def chime() -> bytes:
    """A soft two-tone 'ding-dong' (E6, C6) with a decaying envelope."""
    out = bytearray()
    for freq, length in ((1318.5, 0.45), (1046.5, 0.7)):
        n = int(RATE * length)
        for i in range(n):
            env = math.exp(-3.5 * i / n) * min(1.0, i / 200)
            out += struct.pack("<h", int(9000 * env * math.sin(2 * math.pi * freq * i / RATE)))
    return bytes(out)


def join(parts: Iterable[bytes], gap_s: float = 0.0) -> bytes:
    """Concatenate PCM parts with a gap between them."""
    gap = silence(gap_s)
    return gap.join(parts)


_CHIME = chime()


def compose(engine: SpeechEngine, text: str, *, repeat: int = 2, with_chime: bool = True) -> bytes:
    """The whole announcement as one WAV: chime, then the call `repeat` times (the Qt
    display's speaker and the server's announcements for browser displays)."""
    speech = engine.pcm(text)
    parts = ([_CHIME] if with_chime else []) + [speech] * repeat
    return pcm_to_wav(join(parts, 0.5) + silence(0.3))


class SpeechEngine(Protocol):
    def pcm(self, text: str) -> bytes:
        """16-bit mono PCM at RATE for `text`."""
        ...


class EspeakEngine:
    """espeak-ng's Vietnamese voice (Debian package espeak-ng)."""

    def __init__(self, voice: str = "vi", speed: int = 135) -> None:
        self.voice = voice
        self.speed = speed
        self.binary = shutil.which("espeak-ng")

    def pcm(self, text: str) -> bytes:
        if self.binary is None:
            raise SpeechError("espeak-ng is not installed (apt-get install espeak-ng)")
        run = subprocess.run(
            [self.binary, "-v", self.voice, "-s", str(self.speed), "--stdout", text],
            capture_output=True,
            timeout=30,
            check=False,
        )
        if run.returncode != 0 or not run.stdout:
            raise SpeechError(f"espeak-ng failed: {run.stderr.decode(errors='replace')[:200]}")
        return wav_frames(run.stdout)


def clip_vocabulary() -> list[str]:
    """Every word and phrase a call can need: the template's phrases, number words, letters."""
    before, after = CALL_TEMPLATE.split("{number}")
    middle = after.split("{counter}")[0]
    words = set(DIGITS) | {"mười", "mươi", "mốt", "tư", "lăm", "lẻ", "trăm", "nghìn", "triệu"}
    words |= set(LETTERS.values())
    words |= {w for w in SHORT_TEMPLATE.split() if not w.startswith("{")}
    phrases = [before, middle, MERGED_OPENING, BACKLOG_SENTENCE]
    return [*(p.strip().lower() for p in phrases), *sorted(words)]


def clip_name(token: str) -> str:
    return token.replace(" ", "_") + ".wav"


class ClipEngine:
    """Assembles pre-rendered clips: instant and always the same voice and pace."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.clips: dict[str, bytes] = {}
        for token in clip_vocabulary():
            path = self.folder / clip_name(token)
            if path.exists():
                self.clips[token] = wav_frames(path.read_bytes())
        if not self.clips:
            raise SpeechError(
                f"no clips in {self.folder}: run xephang devices render-clips --out {self.folder}"
            )
        self.phrases = sorted(self.clips, key=lambda t: -len(t.split()))

    def pcm(self, text: str) -> bytes:
        words = text.lower().replace(",", " ").split()
        parts: list[bytes] = []
        i = 0
        while i < len(words):
            for phrase in self.phrases:
                n = len(phrase.split())
                if words[i : i + n] == phrase.split():
                    parts.append(self.clips[phrase])
                    i += n
                    break
            else:
                raise SpeechError(f"no clip for '{words[i]}'")
        return join(parts, 0.04)


def make_engine(name: str, clips_dir: str | Path) -> SpeechEngine:
    """'clips' → the clip engine over `clips_dir`; anything else → espeak-ng."""
    return ClipEngine(clips_dir) if name == "clips" else EspeakEngine()


def render_clips(engine: SpeechEngine, folder: str | Path) -> list[Path]:
    """The tool behind `xephang devices render-clips`: one WAV per word or phrase."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for token in clip_vocabulary():
        pcm = trim_silence(engine.pcm(token))
        path = out / clip_name(token)
        path.write_bytes(pcm_to_wav(pcm))
        written.append(path)
    return written


def trim_silence(pcm: bytes, threshold: int = 300) -> bytes:
    """Drop the quiet lead-in and tail a speech engine puts around a word."""
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm[: len(pcm) // 2 * 2])
    loud = [i for i, s in enumerate(samples) if abs(s) > threshold]
    if not loud:
        return pcm
    start, end = max(0, loud[0] - 220), min(len(samples), loud[-1] + 440)
    return pcm[start * 2 : end * 2]


class Sink(Protocol):
    def play(self, wav: bytes) -> None:
        """Blocks until the sound has played."""
        ...


class SpeakerSink:
    """The sound card, through aplay (alsa-utils) or paplay (PulseAudio)."""

    def __init__(self) -> None:
        self.player = shutil.which("aplay") or shutil.which("paplay")

    def play(self, wav: bytes) -> None:
        if self.player is None:
            raise SpeechError("no audio player found (apt-get install alsa-utils)")
        args = [self.player, "-q", "-"] if self.player.endswith("aplay") else [self.player]
        subprocess.run(args, input=wav, timeout=120, check=False, capture_output=True)


class WavFolderSink:
    """Keeps each announcement as a WAV; plays it 'in time' (sleeping its length ÷ speed-up)
    so the queueing is the same as with a speaker."""

    def __init__(self, folder: str | Path, speedup: float = 1.0) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.speedup = speedup
        self.count = len(list(self.folder.glob("announcement-*.wav")))

    def play(self, wav: bytes) -> None:
        self.count += 1
        (self.folder / f"announcement-{self.count:05d}.wav").write_bytes(wav)
        time.sleep(duration_s(wav) / self.speedup)


def sink_for(output: str) -> Sink:
    """'wav:///DIR' keeps each sound as a WAV file in DIR ('?speedup=N': in 1/N of its
    time, for tests and fast demos); anything else plays it."""
    if output.startswith("wav://"):
        folder, _, query = output.removeprefix("wav://").partition("?")
        speedup = float(query.removeprefix("speedup=")) if query.startswith("speedup=") else 1.0
        return WavFolderSink(folder, speedup=max(1.0, speedup))
    return SpeakerSink()


class Voice:
    """Says one text at a time in its own thread; a text not yet begun is replaced by a
    newer one (guidance for the screen the citizen sees now, not for screens left)."""

    def __init__(self, engine: SpeechEngine, sink: Sink) -> None:
        self.engine = engine
        self.sink = sink
        self.said: list[str] = []
        """Every text spoken, in order (support staff and the tests read it)."""
        self._next: str | None = None
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
        self._thread.start()

    def say(self, text: str) -> None:
        with self._cond:
            self._next = text
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._next is None and not self._closed:
                    self._cond.wait()
                if self._closed or self._next is None:
                    return
                text, self._next = self._next, None
            try:
                self.sink.play(compose(self.engine, text, repeat=1, with_chime=False))
                self.said.append(text)
            except SpeechError as e:
                log.error("cannot speak: %s", e)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=2)
