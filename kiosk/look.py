"""How the kiosk looks for the citizen in front of it: normal, large text, high
contrast (one touch each on the home screen, back to normal for the next citizen).

Large text scales every font by `LARGE`; high contrast is yellow and white on black
(19:1 and 21:1), with a white border on every button so its edge shows without colour.
"""

from __future__ import annotations

from dataclasses import dataclass

RED, TEXT, AMBER, GREY = "#B91C1C", "#1F2937", "#F59E0B", "#4B5563"
FONT = "Noto Sans"
LARGE = 1.3
YELLOW, BLACK, WHITE = "#FFE600", "#000000", "#FFFFFF"
_CONTRAST = {RED: YELLOW, TEXT: WHITE, GREY: WHITE, "white": WHITE, AMBER: YELLOW}


@dataclass(frozen=True)
class Look:
    large: bool = False
    contrast: bool = False

    def px(self, size: float) -> int:
        return round(size * (LARGE if self.large else 1.0))

    def color(self, color: str) -> str:
        return _CONTRAST.get(color, WHITE) if self.contrast else color

    @property
    def background(self) -> str:
        return BLACK if self.contrast else "white"

    @property
    def header(self) -> str:
        return BLACK if self.contrast else RED

    def css(self, size: float, extra: str = "") -> str:
        """A widget's own font size (scaled), for the few that differ from the style."""
        return f"font-size: {self.px(size)}px; {extra}".strip()

    def style(self) -> str:
        """The window's style sheet."""
        px = self.px
        if self.contrast:
            button = f"color: {BLACK}; background: {YELLOW}; border: 3px solid {WHITE};"
            plain = f"background: {BLACK}; color: {WHITE}; border: 3px solid {WHITE};"
            chosen = f"background: {WHITE}; color: {BLACK}; border: 4px solid {YELLOW};"
            small = f"background: {BLACK}; color: {WHITE}; border: 2px solid {WHITE};"
            disabled = f"background: #3F3F3F; color: {WHITE}; border: 3px dashed {WHITE};"
            line = f"color: {WHITE}; background: {BLACK}; border: 3px solid {WHITE};"
        else:
            button = f"color: white; background: {RED}; border: none;"
            plain = f"background: #F3F4F6; color: {TEXT}; border: 2px solid #D1D5DB;"
            chosen = f"background: {AMBER}; color: #111827; border: 2px solid #111827;"
            small = f"background: white; color: {TEXT};"
            disabled = "background: #9CA3AF; color: #F9FAFB;"
            line = f"color: {TEXT}; border: 2px solid #9CA3AF;"
        return f"""
QWidget#kiosk {{ background: {self.background}; }}
QLabel {{ color: {self.color(TEXT)}; font-family: '{FONT}'; font-size: {px(28)}px; }}
QPushButton {{ font-family: '{FONT}'; font-size: {px(34)}px; font-weight: 600; {button}
  border-radius: 14px; padding: 18px; min-height: 96px; }}
QPushButton:disabled {{ {disabled} }}
QPushButton[role="plain"] {{ {plain} }}
QPushButton[role="chosen"] {{ {chosen} }}
QPushButton[role="small"] {{ font-size: {px(24)}px; min-height: 64px; {small} }}
QLineEdit {{ font-size: {px(32)}px; padding: 14px; border-radius: 10px; {line} }}
"""
