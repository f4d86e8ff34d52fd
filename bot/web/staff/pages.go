package staff

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strings"
)

//go:embed static
var staticFS embed.FS

var pages = template.Must(template.New("pages").Parse(pageTemplates))

// render writes one page of the templates below.
func (p *Page) render(w http.ResponseWriter, status int, name string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	data["Page"] = name
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		p.opts.Logger.Error("rendering staff page failed", "component", "staff", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func (p *Page) static(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/staff/")
	http.ServeFileFS(w, r, staticFS, name)
}

const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>mspbot staff</title><link rel="stylesheet" href="/staff/static/staff.css"></head>
<body data-page="{{.Page}}">{{end}}

{{define "bar"}}<header><strong>mspbot staff</strong>
<form class="search" method="get" action="/staff/search"><input name="ref" id="ref" placeholder="CB-26-0001, VA-26-0001, PR-26-0001" value="{{.Ref}}" aria-label="Reference"><button type="submit">Look up</button></form>
<span class="who" id="who">{{.Who}}</span>
<form method="post" action="/staff/logout"><input type="hidden" name="csrf" value="{{.Session.CSRF}}"><button type="submit" id="logout">Sign out</button></form>
</header>{{end}}

{{define "off"}}{{template "head" .}}<main><h1>The staff page is off</h1>
<p>To turn it on, register mspbot as an application (client) at your OpenID Connect identity provider
(Entra ID, Google Workspace, Keycloak …) with the redirect URL <code>https://&lt;your host&gt;/staff/callback</code>, and set
<code>MSPBOT_STAFF_OIDC_ISSUER</code>, <code>MSPBOT_STAFF_OIDC_CLIENT_ID</code>, <code>MSPBOT_STAFF_OIDC_CLIENT_SECRET</code>,
<code>MSPBOT_STAFF_OIDC_REDIRECT_URL</code> and who is staff: <code>MSPBOT_STAFF_OIDC_GROUP</code> or <code>MSPBOT_STAFF_OIDC_EMAILS</code>.
See docs/staff-page.md.</p></main></body></html>{{end}}

{{define "signin"}}{{template "head" .}}<main><h1>mspbot staff</h1>
<p>Claim callbacks, decide vendor appointments and look records up.</p>
<p><a class="button" id="signin" href="/staff/login">Sign in with your company account</a></p></main></body></html>{{end}}

{{define "problem"}}{{template "head" .}}<main><h1>Not signed in</h1><p class="problem" id="problem">{{.Problem}}</p>
{{if .Retry}}<p><a class="button" href="/staff/login">Sign in again</a></p>{{end}}</main></body></html>{{end}}

{{define "refused"}}{{template "head" .}}<main><h1>Not staff</h1>
<p class="problem" id="problem">You signed in{{if .Account}} as <strong>{{.Account}}</strong>{{end}}, but this account is not staff of this service desk, so the staff page stays closed.
If you should have access, ask your administrator to add you to the staff group (or the staff e-mail list) of mspbot.</p>
<p><a href="/staff/login">Sign in with another account</a></p></main></body></html>{{end}}

{{define "home"}}{{template "head" .}}{{template "bar" .}}
<main data-poll="{{.Poll}}" data-csrf="{{.Session.CSRF}}" id="live">
<h1>Staff conversation</h1><p class="hint">New callbacks, vendor requests, reminders and alarms, live.</p>
<p id="status" role="status"></p>
<p id="result" class="result" role="status"></p>
<ol id="feed" aria-live="polite"></ol>
</main><script src="/staff/static/staff.js"></script></body></html>{{end}}

{{define "search"}}{{template "head" .}}{{template "bar" .}}<main><p><a href="/staff">← Staff conversation</a></p>
{{with .Problem}}<p class="problem" id="problem">{{.}}</p>{{end}}
{{with .Record}}<section class="record" id="record" data-kind="{{.Kind}}" data-state="{{.State}}">
<h1>{{.ID}} <span class="state">{{.State}}</span></h1><p class="kind">{{.Kind}}</p>
<dl>{{range .Fields}}<dt>{{.Name}}</dt><dd>{{.Value}}</dd>{{end}}</dl>
{{if .History}}<h2>History</h2><ol class="history">{{range .History}}<li><time>{{.Name}}</time> {{.Value}}</li>{{end}}</ol>{{end}}
</section>{{end}}</main></body></html>{{end}}
`
