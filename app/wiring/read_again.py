"""The repair notice's "Try again" (``app.model_notice.RepairNotice.show_not_read_now``): work that
failed on a read error of the moment (EIO, ESTALE, a network share that blipped: no damage, which
``core.unreadable.unread_kind`` tells from a file cut short) offers to open the library again
(``LibraryRepair.read_again``), not its repair, which would refuse and set nothing aside. The
notice goes when the library opens again (or another opens), and comes back should its read fail
so again. The same Try again follows a writer's open refused for a cause the user may put right
(``Session.retry_offered``: the rest of a stopped removal not removed, a file refused), so that once
it is, the click opens the library to write."""

from __future__ import annotations

from PySide6.QtCore import QObject


class ReadAgainController(QObject):
    def __init__(self, window, notice):
        super().__init__(window)
        self.session, self.notice = window.session, notice
        repairs = self.session.repairs
        repairs.unread_now.connect(notice.show_not_read_now)
        self.session.retry_offered.connect(notice.show_try_again)  # (a writer's open refused: tried again so too)
        notice.again.connect(lambda: (notice.dismiss(), repairs.read_again()))
        self.session.opened.connect(self._opened)

    def _opened(self, _folder: str, _read_only: bool) -> None:
        if self.notice.not_read_now:  # (read now: its try again answered; a damage's repair stays offered)
            self.notice.dismiss()
