package teams

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// fetchFunc gets a new access token and how long it lives.
type fetchFunc func(ctx context.Context) (token string, life time.Duration, err error)

// tokenSource keeps the bot's access token until tokenMargin before it
// expires. lock is a one-slot channel, so that concurrent callers share one
// fetch and a waiting caller can give up when its context ends.
type tokenSource struct {
	fetch   fetchFunc
	now     func() time.Time
	lock    chan struct{}
	token   string
	expires time.Time
}

func newTokenSource(now func() time.Time, fetch fetchFunc) *tokenSource {
	return &tokenSource{fetch: fetch, now: now, lock: make(chan struct{}, 1)}
}

// Token returns a valid access token, fetching one when none is cached or
// the cached one is about to expire.
func (s *tokenSource) Token(ctx context.Context) (string, error) {
	select {
	case s.lock <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("teams access token: %w", ctx.Err())
	}
	defer func() { <-s.lock }()
	if s.token != "" && s.now().Before(s.expires) {
		return s.token, nil
	}
	tok, life, err := s.fetch(ctx)
	if err != nil {
		return "", err
	}
	keep := life - tokenMargin
	if keep <= 0 {
		keep = life / 2
	}
	s.token, s.expires = tok, s.now().Add(keep)
	return tok, nil
}

// Invalidate drops tok if it is the cached token, after the connector
// refused it.
func (s *tokenSource) Invalidate(tok string) {
	s.lock <- struct{}{}
	defer func() { <-s.lock }()
	if s.token == tok {
		s.token = ""
	}
}

// fetcher returns how the adapter's app type gets its token.
func (a *Adapter) fetcher() fetchFunc {
	if a.opts.AppType == AppTypeManagedIdentity {
		return a.managedIdentityToken
	}
	return a.clientCredentialsToken
}

// tokenAnswer is the part of a token endpoint's answer the adapter reads.
// Entra's token endpoint gives expires_in as a number, Azure's identity
// endpoints give expires_in and expires_on as strings.
type tokenAnswer struct {
	AccessToken string          `json:"access_token"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
	ExpiresOn   json.RawMessage `json:"expires_on"`
	Error       string          `json:"error"`
	Description string          `json:"error_description"`
	Message     string          `json:"message"`
}

// life is how long the token lives: expires_in, else expires_on (Unix
// seconds) from now, else an hour.
func (t *tokenAnswer) life(now time.Time) time.Duration {
	num := func(raw json.RawMessage) int64 {
		s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0
		}
		return n
	}
	if n := num(t.ExpiresIn); n > 0 {
		return time.Duration(n) * time.Second
	}
	if n := num(t.ExpiresOn); n > 0 {
		if d := time.Unix(n, 0).Sub(now); d > 0 {
			return d
		}
	}
	return time.Hour
}

// clientCredentialsToken gets a token with the app's secret from Entra
// (Bot Connector authentication, "Authenticate requests from your bot to
// the Bot Connector service": POST …/{tenant}/oauth2/v2.0/token with
// grant_type=client_credentials and scope https://api.botframework.com/.default).
func (a *Adapter) clientCredentialsToken(ctx context.Context) (string, time.Duration, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {a.opts.AppID},
		"client_secret": {a.opts.AppPassword},
		"scope":         {Scope},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.opts.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("teams access token: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	body, status, err := a.tokenRequest(req)
	if err != nil {
		return "", 0, err
	}
	if status != http.StatusOK || body.AccessToken == "" {
		desc, _, _ := strings.Cut(body.Description, "\r\n")
		return "", 0, fmt.Errorf("teams access token: HTTP %d: %s %s (%s)", status, body.Error, desc, a.tokenHint(body.Description))
	}
	return body.AccessToken, body.life(a.opts.Now()), nil
}

// tokenHint says which settings to check after Entra refused a token.
func (a *Adapter) tokenHint(desc string) string {
	switch {
	case strings.Contains(desc, "AADSTS700016") && a.opts.Tenant == "":
		return "the app is not known in botframework.com: a bot registered since July 2025 is single-tenant; set MSPBOT_TEAMS_APP_TYPE=SingleTenant and MSPBOT_TEAMS_TENANT to the tenant of its app registration"
	case strings.Contains(desc, "AADSTS700016"):
		return "the app is not known in tenant " + a.opts.Tenant + ": set MSPBOT_TEAMS_TENANT to the Directory (tenant) ID on the Overview of the bot's app registration, and TEAMS_APP_ID to its Application (client) ID"
	case strings.Contains(desc, "AADSTS7000215"), strings.Contains(desc, "AADSTS7000222"):
		return "the client secret is wrong or expired: create a new one under Certificates & secrets and put its Value into TEAMS_APP_PASSWORD"
	}
	return "check TEAMS_APP_ID, TEAMS_APP_PASSWORD, MSPBOT_TEAMS_TENANT and MSPBOT_TEAMS_APP_TYPE"
}

// managedIdentityToken gets a token for the user-assigned managed identity
// TEAMS_APP_ID from Azure's identity endpoint: App Service's and Container
// Apps' IDENTITY_ENDPOINT (header X-IDENTITY-HEADER, api-version
// 2019-08-01) when IdentityHeader is set, else the instance metadata
// service (header Metadata: true, api-version 2018-02-01). The resource is
// the Bot Connector's, https://api.botframework.com.
func (a *Adapter) managedIdentityToken(ctx context.Context) (string, time.Duration, error) {
	u, err := url.Parse(a.opts.IdentityEndpoint)
	if err != nil {
		return "", 0, fmt.Errorf("teams access token: %w", err)
	}
	q := u.Query()
	q.Set("resource", Audience)
	q.Set("client_id", a.opts.AppID)
	if a.opts.IdentityHeader != "" {
		q.Set("api-version", "2019-08-01")
	} else {
		q.Set("api-version", "2018-02-01")
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", 0, fmt.Errorf("teams access token: %w", err)
	}
	if a.opts.IdentityHeader != "" {
		req.Header.Set("X-IDENTITY-HEADER", a.opts.IdentityHeader)
	} else {
		req.Header.Set("Metadata", "true")
	}
	req.Header.Set("Accept", "application/json")
	body, status, err := a.tokenRequest(req)
	if err != nil {
		return "", 0, err
	}
	if status != http.StatusOK || body.AccessToken == "" {
		msg := strings.TrimSpace(body.Error + " " + body.Description + " " + body.Message)
		msg, _, _ = strings.Cut(msg, "\r\n")
		return "", 0, fmt.Errorf("teams access token from the managed identity: HTTP %d: %s (check that the identity %s is assigned to this resource and TEAMS_APP_ID is its client id)", status, msg, a.opts.AppID)
	}
	return body.AccessToken, body.life(a.opts.Now()), nil
}

// tokenRequest makes a token request and reads its JSON answer.
func (a *Adapter) tokenRequest(req *http.Request) (tokenAnswer, int, error) {
	var body tokenAnswer
	res, err := a.client.Do(req)
	if err != nil {
		return body, 0, fmt.Errorf("teams access token: %w", err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<16))
	if err != nil {
		return body, 0, fmt.Errorf("teams access token: %w", err)
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return body, 0, fmt.Errorf("teams access token: HTTP %s, unreadable answer: %w", res.Status, err)
	}
	return body, res.StatusCode, nil
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
