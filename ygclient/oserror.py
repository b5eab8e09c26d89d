"""What went wrong with a file, in words a clerk reads: the operating system's own text is
English on most machines (and sometimes in the machine's code page on Windows)."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许（权限不足）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "位于只读的磁盘上",
    errno.EEXIST: "已经存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EMFILE: "打开的文件太多",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EIO: "磁盘读写出错",
}


def os_reason(exc: OSError) -> str:
    """A Chinese reason for ``exc``; the system's text where there is none for its errno."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)
