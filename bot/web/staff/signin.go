package staff

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// login starts the authorisation code flow: a fresh state, nonce and PKCE
// verifier go into the signed flow cookie, and the browser to the identity
// provider.
func (p *Page) login(w http.ResponseWriter, r *http.Request) {
	prov, err := p.providerFor(r.Context())
	if err != nil {
		p.opts.Logger.LogAttrs(r.Context(), slog.LevelError, "identity provider not reachable",
			slog.String("component", "staff"), slog.Any("err", err))
		p.render(w, http.StatusServiceUnavailable, "problem", map[string]any{
			"Problem": "The identity provider cannot be reached at the moment. Please try again shortly."})
		return
	}
	f := flow{Purpose: purposeFlow, State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier(),
		Expires: p.opts.Now().Add(flowTTL).Unix()}
	value, err := p.sign.seal(f)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.setCookie(w, flowCookie, value, flowTTL)
	http.Redirect(w, r, p.oauth(prov).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusSeeOther)
}

// idClaims are the ID-token claims the page reads.
type idClaims struct {
	Subject       string `json:"sub"`
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"`
	Name          string `json:"name"`
	Username      string `json:"preferred_username"`
}

// callback finishes the flow: the state must be the flow cookie's, the code
// is exchanged with the PKCE verifier, the ID token must be signed by the
// provider for this client and carry the flow's nonce; then the user must
// be staff.
func (p *Page) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := p.sign.readFlow(r, p.opts.Now())
	if err != nil {
		p.refuse(r, "sign-in callback without a valid flow cookie")
		p.render(w, http.StatusBadRequest, "problem", map[string]any{
			"Problem": "This sign-in was not started here, or took too long. Please sign in again.", "Retry": true})
		return
	}
	// The flow is used up, whatever comes of it.
	p.setCookie(w, flowCookie, "", 0)
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		p.refuse(r, "identity provider answered "+truncate(e, 64))
		p.render(w, http.StatusUnauthorized, "problem", map[string]any{
			"Problem": "The identity provider did not sign you in (" + truncate(e, 64) + ").", "Retry": true})
		return
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		p.refuse(r, "sign-in state mismatch")
		p.render(w, http.StatusBadRequest, "problem", map[string]any{
			"Problem": "This sign-in answer does not belong to the sign-in started in this browser. Please sign in again.", "Retry": true})
		return
	}
	prov, err := p.providerFor(ctx)
	if err != nil {
		p.render(w, http.StatusServiceUnavailable, "problem", map[string]any{
			"Problem": "The identity provider cannot be reached at the moment. Please try again shortly.", "Retry": true})
		return
	}
	octx := oidc.ClientContext(ctx, p.opts.HTTPClient)
	tok, err := p.oauth(prov).Exchange(octx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		p.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "staff sign-in: code exchange failed",
			slog.String("component", "staff"), slog.Any("err", err))
		p.render(w, http.StatusUnauthorized, "problem", map[string]any{"Problem": "Sign-in failed. Please sign in again.", "Retry": true})
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := prov.Verifier(&oidc.Config{ClientID: p.opts.ClientID, Now: p.opts.Now}).Verify(octx, raw)
	if err != nil {
		p.refuse(r, "ID token not valid")
		p.render(w, http.StatusUnauthorized, "problem", map[string]any{"Problem": "Sign-in failed: the identity token is not valid.", "Retry": true})
		return
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		p.refuse(r, "sign-in nonce mismatch")
		p.render(w, http.StatusBadRequest, "problem", map[string]any{
			"Problem": "This identity token was not issued for this sign-in. Please sign in again.", "Retry": true})
		return
	}
	var c idClaims
	var all map[string]json.RawMessage
	if err := idt.Claims(&c); err != nil || idt.Claims(&all) != nil {
		p.render(w, http.StatusUnauthorized, "problem", map[string]any{"Problem": "Sign-in failed: unreadable identity token.", "Retry": true})
		return
	}
	user := userID(idt.Subject)
	if !p.isStaff(c, all) {
		p.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "staff sign-in refused: not staff",
			slog.String("component", "staff"), slog.String("user", user))
		shown := c.Email
		if shown == "" {
			shown = c.Username
		}
		p.render(w, http.StatusForbidden, "refused", map[string]any{"Account": shown})
		return
	}
	ses := session{Purpose: purposeSession, User: user, Name: truncate(c.Name, 64), Email: truncate(c.Email, 128),
		CSRF: randomToken(), Expires: p.opts.Now().Add(p.opts.SessionTTL).Unix()}
	value, err := p.sign.seal(ses)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.setCookie(w, sessionCookie, value, p.opts.SessionTTL)
	p.opts.Logger.LogAttrs(ctx, slog.LevelInfo, "staff signed in", slog.String("component", "staff"), slog.String("user", user))
	http.Redirect(w, r, "/staff", http.StatusSeeOther)
}

// isStaff decides by the group claim (a list of strings, or one string) or
// by a verified e-mail address in the list.
func (p *Page) isStaff(c idClaims, all map[string]json.RawMessage) bool {
	if p.opts.Group != "" {
		if raw, ok := all[p.opts.GroupClaim]; ok {
			var groups []string
			if json.Unmarshal(raw, &groups) != nil {
				var one string
				if json.Unmarshal(raw, &one) == nil {
					groups = []string{one}
				}
			}
			if slices.Contains(groups, p.opts.Group) {
				return true
			}
		}
	}
	verified := c.EmailVerified == true || c.EmailVerified == "true"
	if c.Email != "" && verified {
		return slices.ContainsFunc(p.opts.Emails, func(e string) bool { return strings.EqualFold(strings.TrimSpace(e), c.Email) })
	}
	return false
}

// logout clears the session and, when the identity provider advertises an
// end_session_endpoint, signs out there too (RP-initiated logout).
func (p *Page) logout(w http.ResponseWriter, r *http.Request) {
	if _, ok := p.guardPost(w, r); !ok {
		return
	}
	p.setCookie(w, sessionCookie, "", 0)
	target := "/staff"
	if end := p.endSession(r.Context()); end != "" {
		if u, err := url.Parse(end); err == nil {
			q := u.Query()
			q.Set("client_id", p.opts.ClientID)
			q.Set("post_logout_redirect_uri", p.origin+"/staff")
			u.RawQuery = q.Encode()
			target = u.String()
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (p *Page) endSession(ctx context.Context) string {
	if _, err := p.providerFor(ctx); err != nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.endSess
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
