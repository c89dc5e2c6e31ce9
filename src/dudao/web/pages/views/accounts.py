"""Pages: accounts — log in (throttled), log out, home (which sends each role to its work), and
the office's list of login lockouts with their unlocking.

The same login page serves the admin (``dudao.web.admin``), so the admin's login is
throttled too.
"""

from __future__ import annotations

from django import forms
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dudao.store.accounts import throttle
from dudao.store.rounds.models import Round
from dudao.web.access import Do, can, guard, public, unit_of, visible_rounds


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150)
    password = forms.CharField(label=gettext_lazy("密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update(autofocus=True, autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


def _next_url(request: HttpRequest) -> str:
    """Where to go after logging in: ``next`` when it is on this site, else home."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _locked_message(lock: throttle.Lockout) -> str:
    minutes = {"minutes": lock.minutes_left()}
    if lock.scope is throttle.Scope.ACCOUNT:
        return (
            _("此账号在多个地址登录失败次数过多，已暂时锁定，请 %(minutes)d 分钟后再试，或请督导室解除锁定。")
            % minutes
        )
    if lock.scope is throttle.Scope.ADDRESS:
        return (
            _(
                "此地址尝试登录的账号过多，已暂停其再次尝试此账号，"
                "请 %(minutes)d 分钟后再试，或请督导室解除锁定。"
            )
            % minutes
        )
    return (
        _("此账号在此地址登录失败次数过多，已暂时锁定，请 %(minutes)d 分钟后再试，或请督导室解除锁定。")
        % minutes
    )


@public
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """The login page (also the admin's)."""
    form = LoginForm(request.POST if request.method == "POST" else None)
    refusal = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = throttle.client_address(request.META)
        lock = throttle.lockout(username, address)
        if lock is not None:
            refusal, status = _locked_message(lock), 429
        else:
            user = auth.authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                started = throttle.fail(username, address)
                refusal = _locked_message(started) if started else _("用户名或密码不正确。")
            else:
                throttle.succeed(username, address)
                auth.login(request, user)
                return HttpResponseRedirect(_next_url(request))
    context = {
        "form": form,
        "refusal": refusal,
        "next": _next_url(request),
        "for_admin": _next_url(request).startswith(reverse("admin:index")),
    }
    return render(request, "dudao/accounts/login.html", context, status=status)


@public
def login_done(request: HttpRequest) -> HttpResponse:
    """Where logging in again in a new tab lands: back to the page that was waiting, to save."""
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "dudao/accounts/login_done.html")


@public
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("login")


@public
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to their work: unit roles to their unit's page in the newest open round
    they take part in, other roles to the rounds list, visitors to the published results."""
    user = request.user
    if not user.is_authenticated:
        return redirect("published")
    own = unit_of(user)
    if own is not None and not can(user, Do.SEE_BOARD):
        opened = visible_rounds(user).filter(state=Round.State.OPEN).order_by("-created_at")
        for round in opened:
            if can(user, Do.SEE_UNIT, round=round, unit=own):
                return redirect("unit", round_id=round.pk, code=own.code)
    if can(user, Do.SEE_ROUND):
        return redirect("rounds")
    return redirect("published")


@guard(Do.UNLOCK_LOGINS)
def login_locks(request: HttpRequest) -> HttpResponse:
    """The accounts and addresses locked out of logging in now, each with its unlock button."""
    return render(request, "dudao/accounts/locks.html", {"locks": throttle.held()})


@guard(Do.UNLOCK_LOGINS)
@require_POST
def login_unlock(request: HttpRequest) -> HttpResponse:
    """Lift the lockouts of one account (``username``) or one address (``address``)."""
    username = request.POST.get("username", "").strip()
    address = request.POST.get("address", "").strip()
    if not (username or address):
        messages.error(request, _("请指明要解除锁定的账号或地址"))
        return redirect("login_locks")
    cleared = throttle.unlock(
        request.user, username=username, address=address, client=throttle.client_address(request.META)
    )
    who = username or address
    if cleared:
        messages.success(
            request, _("已解除“%(who)s”的登录锁定（清除 %(n)d 次失败记录）") % {"who": who, "n": cleared}
        )
    else:
        messages.info(request, _("“%(who)s”没有登录失败记录，无需解除") % {"who": who})
    return redirect("login_locks")


urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("login/", login, name="login"),
    path("login/done/", login_done, name="login_done"),
    path("logout/", logout, name="logout"),
    path("logins/locked/", login_locks, name="login_locks"),
    path("logins/unlock/", login_unlock, name="login_unlock"),
]
