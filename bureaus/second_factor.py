"""The second factor (TOTP, django-otp): who must give a code, enrolment, checking and reset.

After the password, the session holds one of four states (STATE_KEY), decided at login:
  VERIFY      the user has a confirmed device and must type its code;
  ENROL       the user's role requires a second factor and there is no device yet;
  DONE        the code (or the enrolment) was accepted in this session;
  NOT_NEEDED  no device and not required: the password was enough.
bureaus.middleware.SecondFactorMiddleware keeps VERIFY and ENROL users on these pages. Deciding at
login keeps ordinary requests free of queries; a device reset is still seen at once, because
django-otp's OTPMiddleware drops a session's device when it no longer exists.
"""

import math
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from audit.models import Event, Outcome
from audit.services import record

from .models import SecondFactorRequirement, User

STATE_KEY = "_second_factor"
PENDING_KEY_KEY = "_second_factor_pending_key"
VERIFY, ENROL, DONE, NOT_NEEDED = "verify", "enrol", "done", "not_needed"
DEVICE_NAME = "TOTP"


def required_by_setting(role: str) -> bool:
    """等保 level 3: the privileged roles (SECOND_FACTOR_ROLES) always need a second factor; the
    administrator's ticks in the admin can add roles, not remove these."""
    return role in settings.SECOND_FACTOR_ROLES


def is_required(user) -> bool:
    if required_by_setting(user.role):
        return True
    return SecondFactorRequirement.objects.filter(role=user.role, required=True).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def decide(user) -> str:
    """What this user owes after the password: VERIFY, ENROL or NOT_NEEDED."""
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if is_required(user) else NOT_NEEDED


@receiver(user_logged_in)
def decide_at_login(sender, request, user, **kwargs):
    """Every login (the portal's form, the admin's, force_login) starts a fresh decision: a user
    with a device gives a code again even if an earlier login in this browser session did."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(PENDING_KEY_KEY, None)
        request.session[STATE_KEY] = decide(user)


def state(request) -> str:
    """This session's state. Decided again while the user waits at the code or enrolment page
    (a device reset or a requirement lifted meanwhile frees them), when the device that verified
    the session has been reset, and for sessions older than the feature."""
    session = request.session
    current = session.get(STATE_KEY)
    if current == DONE and not request.user.is_verified():
        current = None
    if current in (None, VERIFY, ENROL):
        current = session[STATE_KEY] = decide(request.user)
    return current


def is_pending(request) -> bool:
    """The password was given but the code (or the enrolment) not yet; no query."""
    return request.session.get(STATE_KEY) in (VERIFY, ENROL)


def _accept(request, device: TOTPDevice) -> None:
    """The session is now verified by this device, under a new key (as at login)."""
    otp_login(request, device)
    request.session.cycle_key()
    request.session[STATE_KEY] = DONE


def _failed(request, step: str, reason: str) -> None:
    """A wrong second factor is a failed login in the audit log, like a wrong password."""
    user = request.user
    record(
        Event.LOGIN_FAILED,
        request=request,
        user=user,
        outcome=Outcome.FAILURE,
        detail={"factor": "totp", "step": step, "reason": reason},
    )


WRONG_CODE = "wrong_code"
THROTTLED = "throttled"


def wrong_code_message() -> str:
    return _("The code is wrong or has expired. Enter the current 6-digit code from your app.")


def throttled_message(seconds: int) -> str:
    return _("Too many wrong codes. Wait %(seconds)s seconds, then enter the current code.") % {
        "seconds": seconds
    }


def verify(request, token: str) -> str | None:
    """Check a code against the user's device; None when accepted, else the error to show.
    django-otp throttles the device after each failure (1, 2, 4, ... seconds), checked under a
    row lock so parallel guesses cannot slip between the check and the count."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .order_by("pk")
            .first()
        )
        if device is None:
            return wrong_code_message()
        allowed, info = device.verify_is_allowed()
        if not allowed:
            _failed(request, "verify", THROTTLED)
            wait = (info["locked_until"] - timezone.now()).total_seconds()
            return throttled_message(max(1, math.ceil(wait)))
        if not device.verify_token(token):
            _failed(request, "verify", WRONG_CODE)
            return wrong_code_message()
    _accept(request, device)
    record(Event.OTP_VERIFIED, request=request, user=user, obj=device)
    return None


def pending_key(request) -> str:
    """The secret offered for enrolment, kept in the session (not the database) until the user
    proves with a code that the app holds it; reloading the page shows the same one."""
    key = request.session.get(PENDING_KEY_KEY)
    if key is None:
        key = request.session[PENDING_KEY_KEY] = random_hex(20)
    return key


def enrol(request, token: str) -> str | None:
    """Confirm the pending secret with a code and make it the user's device; None when done.
    The user already holds this secret, so guessing gains nothing: failures are audited but not
    throttled."""
    user = request.user
    key = pending_key(request)
    totp = TOTP(unhexlify(key))
    if not token.isdecimal() or not totp.verify(int(token), tolerance=1):
        _failed(request, "enrol", WRONG_CODE)
        return wrong_code_message()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one enrolment at a time
        if confirmed_device(user) is not None:
            return _("A second factor is already set up for this account.")
        # last_t: the code just used cannot be replayed at the next login.
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t()
        )
    del request.session[PENDING_KEY_KEY]
    _accept(request, device)
    record(Event.OTP_ENROLLED, request=request, user=user, obj=device)
    return None


def reset(user, *, request=None) -> int:
    """Remove every device of the user (a lost phone); the administrator's action, audited.
    The user's verified sessions lose their device at the next request and are asked again."""
    count, _by_model = TOTPDevice.objects.filter(user=user).delete()
    record(Event.OTP_RESET, request=request, obj=user, detail={"devices": count})
    return count


def secret_text(key: str) -> str:
    """The secret as an authenticator app asks for it when typed: base32 in groups of four."""
    b32 = b32encode(unhexlify(key)).decode()
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def config_url(user, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url


def qr_svg(data: str) -> str:
    """The QR code as inline SVG: drawn on the server, no script and no outside service."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")
