from django.http import HttpRequest, HttpResponse

from dudao.web.access import public


@public
def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("dudao")
