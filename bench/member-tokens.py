#!/usr/bin/env python3
"""Write tokens for the posting rows of bench/run: for each account (made before with the create-account verb),
sign in through /account/login, consent on /account/consent and make a write token on /account/tokens, as a person
does in a browser; prints one token per line.

    bench/member-tokens.py BASE_URL PASSWORD EMAIL...
"""
import html
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request


def form_token(page: str, form_id: str) -> str:
    start = page.find(f'id="{form_id}"')
    if start < 0:
        raise SystemExit(f"member-tokens: no form#{form_id} on the page")
    match = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page[start:])
    if not match:
        raise SystemExit(f"member-tokens: form#{form_id} has no antiforgery token")
    return html.unescape(match.group(1))


def main() -> None:
    base, password, emails = sys.argv[1], sys.argv[2], sys.argv[3:]
    for email in emails:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def get(path: str) -> str:
            with opener.open(base + path, timeout=60) as response:
                return response.read().decode("utf-8")

        def post(path: str, fields: dict) -> str:
            data = urllib.parse.urlencode(fields).encode("ascii")
            with opener.open(base + path, data=data, timeout=60) as response:
                return response.read().decode("utf-8")

        page = get("/account/login")
        post("/account/login", {"Form.Email": email, "Form.Password": password,
                                "__RequestVerificationToken": form_token(page, "login")})
        page = get("/account/consent")
        post("/account/consent", {"Agree": "true", "__RequestVerificationToken": form_token(page, "give-consent")})
        page = get("/account/tokens")
        made = post("/account/tokens", {"Form.Name": "bench", "Form.Scope": "Write", "Form.Days": "7",
                                        "__RequestVerificationToken": form_token(page, "new-token")})
        match = re.search(r'id="created-token"[^>]*value="(pat_[^"]+)"', made)
        if not match:
            raise SystemExit(f"member-tokens: no token was made for {email}")
        print(html.unescape(match.group(1)), flush=True)


if __name__ == "__main__":
    main()
