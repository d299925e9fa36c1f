"""The limits one submission is graded under: cell and submission time, memory, CPU, files,
output, processes and private /tmp (applied by :mod:`grading.grade.sandboxed_kernel`)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Limits(BaseModel):
    """Limits applied while grading one submission."""

    cell_timeout: int = Field(30, gt=0, description="Seconds one cell may run before interrupt.")
    startup_timeout: int = Field(30, gt=0, description="Seconds a kernel may take to start.")
    submission_timeout: int = Field(600, gt=0, description="Wall seconds for one submission.")
    memory_mb: int = Field(2048, ge=0, description="Kernel address-space limit (0: none).")
    cpu_seconds: int = Field(600, ge=0, description="Kernel CPU-time limit (0: none).")
    file_mb: int = Field(64, ge=0, description="Largest file the kernel may write (0: none).")
    output_kb: int = Field(
        4096,
        ge=0,
        description="Output one submission may produce, all cells and MIME types (0: no limit).",
    )
    processes: int = Field(64, ge=0, description="Processes and threads per kernel (0: none).")
    tmp_mb: int = Field(512, gt=0, description="Private /tmp, /var/tmp and /dev/shm together.")
    limits_only: bool = Field(
        False, description="Skip namespaces and the user change, even as root (not isolated)."
    )
