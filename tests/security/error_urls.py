"""A URLconf with a view that fails, to see the 500 page a user gets."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("secret internals: DATABASE_URL=postgres://u:p@db")


urlpatterns = [path("broken/", broken), path("", include("ipcity.urls"))]
