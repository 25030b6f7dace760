"""Where generated reports and export files live: private media, served only through views."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private, with no URL: a file is reached only through a view that checks roles.

    The folder follows MEDIA_ROOT when it changes (tests), as the default storage does."""

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("private files have no URL: serve them through a view")


_storage = PrivateStorage()


def private_storage() -> FileSystemStorage:
    """A callable, so migrations do not record the machine's path."""
    return _storage
