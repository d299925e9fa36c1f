"""A submit step that keeps a trainee's submission private to the trainee and the grader.

nbgrader's default submit leaves ``inbound/<trainee>+<module>+<time>+<random>/`` world-writable
with world-readable files (nbgrader #1225): other trainees cannot *list* the inbound folder, but
anyone who learns the folder name can read the work. The inbound folder is set-group-id and owned
by the grader's group, so the submission folder is created in the grader's group. After nbgrader
has copied the files we close that folder to everyone else (0770): the grader reaches the files
through the group, other trainees cannot enter the folder at all, whatever they know of its name.

Enabled in the trainees' nbgrader config:
``c.ExchangeFactory.submit = "pst_exchange.PrivateSubmit"``.
"""

from __future__ import annotations

import os
import stat

from nbgrader.exchange.default.submit import ExchangeSubmit

PRIVATE_FOLDER = stat.S_IRWXU | stat.S_IRWXG


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then no way in for others to the submitted folder."""

    def copy_files(self) -> None:
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), PRIVATE_FOLDER)
