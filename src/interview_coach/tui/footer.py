"""The footer every screen uses: it fits its width instead of running off the edge.

Textual's footer lays its keys out in one row and cuts whatever does not fit, so at 80 columns
the chat's last keys (and their tooltips) were simply gone. This one tries the normal style,
then the compact one, then leaves keys out from the end of the screen's binding list, which
each screen orders by importance. The help key (its own list of every key) and quit always
stay, so nothing is out of reach: what the footer leaves out, f1 and the palette show.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # Textual's own key widget, not re-exported

ALWAYS_SHOWN = frozenset({"help", "app.help", "quit", "app.quit"})


def _width(key: str, description: str, compact: bool) -> int:
    """Columns one footer key takes, from the padding and margins in Textual's footer CSS."""
    if compact:
        return len(key) + 1 + len(description) + 1  # key, gap, description, margin
    return 1 + len(key) + 1 + len(description) + 1  # padded key, description, right pad


def fit(
    keys: list[tuple[str, str, str]], palette: str | None, width: int
) -> tuple[list[int], bool]:
    """Which of `keys` (action, key display, description) to show in `width` columns and
    whether compactly: every key in the normal style if it fits, else compact, else compact
    without the least important keys (the last ones that are not ALWAYS_SHOWN)."""
    shown = list(range(len(keys)))

    def need(idx: list[int], compact: bool) -> int:
        n = sum(_width(keys[i][1], keys[i][2], compact) for i in idx)
        if palette is not None:  # docked right, with a border (and a pad when not compact)
            n += len(palette) + (3 if compact else 5)
        return n

    if need(shown, False) <= width:
        return shown, False
    droppable = [i for i in shown if keys[i][0] not in ALWAYS_SHOWN]
    while need(shown, True) > width and droppable:
        shown.remove(droppable.pop())
    return shown, True


class FittedFooter(Footer):
    """Textual's footer, fitted to its width (see `fit`)."""

    def __init__(self) -> None:
        super().__init__()
        self._fitted_width = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:  # one entry per action
                seen[binding.action] = (binding, enabled, tooltip)
        # Help and quit go last, where people look for them, and are never left out.
        entries = sorted(
            seen.values(),
            key=lambda e: (e[0].action in ALWAYS_SHOWN, e[0].action.endswith("quit")),
        )
        keys = [(b.action, self.app.get_key_display(b), b.description) for b, _, _ in entries]
        palette_binding = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette_binding = active.get(self.app.COMMAND_PALETTE_BINDING)
        palette = None
        if palette_binding is not None:
            b = palette_binding[1]
            palette = f"{self.app.get_key_display(b)} {b.description}"
        self._fitted_width = self.size.width
        shown, compact = fit(keys, palette, self.size.width or 80)
        self.set_class(compact, "-compact")
        for i in shown:
            binding, enabled, tooltip = entries[i]
            key = FooterKey(
                binding.key,
                keys[i][1],
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            key.compact = compact
            yield key
        if palette_binding is not None:
            _node, binding, enabled, tooltip = palette_binding
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )
            key.compact = compact
            yield key

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._fitted_width:
            self.call_after_refresh(self.recompose)
