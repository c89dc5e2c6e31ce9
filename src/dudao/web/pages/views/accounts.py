"""Pages: accounts — log in (throttled), log out, and home, which sends each role to its work.

The same login page serves the admin (``dudao.web.accounts.admin``), so the admin's login is
throttled too.
"""

from __future__ import annotations

from django import forms
from django.contrib import auth
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

from dudao.web.access import Do, can, public, unit_of, visible_rounds
from dudao.web.accounts import throttle
from dudao.web.rounds.models import Round


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
    who = _("此地址") if lock.by_address else _("此账号")
    return _("%(who)s登录失败次数过多，已暂时锁定，请 %(minutes)d 分钟后再试。") % {
        "who": who,
        "minutes": lock.minutes_left(),
    }


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
                throttle.succeed(username)
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


urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("login/", login, name="login"),
    path("logout/", logout, name="logout"),
]
