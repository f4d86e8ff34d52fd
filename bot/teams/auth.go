package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// errUnauthorized is wrapped by every refusal of an incoming token.
var errUnauthorized = errors.New("unauthorized")

// verifier checks the Bot Connector's tokens: RS256 with a key of the
// OpenID metadata's key set that is endorsed for Teams, issuer
// https://api.botframework.com, audience the app id, expiry and not-before
// within ClockSkew, and (in checkServiceURL) the serviceurl claim.
type verifier struct {
	keys    keyfunc.Keyfunc
	endorse *endorsements
	parser  *jwt.Parser
}

// endorsements remembers the channels each key of the key set is endorsed
// for ("endorsements" of Microsoft's JWKS, which the JWK library drops). It
// is filled by the transport that fetches the key set.
type endorsements struct {
	base    http.RoundTripper
	jwksURL string
	mu      sync.RWMutex
	byKID   map[string][]string
}

// RoundTrip passes the request on and, for the key set, records each key's
// endorsements before handing the unchanged body to the JWK library.
func (e *endorsements) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := e.base.RoundTrip(req)
	if err != nil || req.URL.String() != e.jwksURL || res.StatusCode != http.StatusOK {
		return res, err
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, MaxBody))
	_ = res.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read key set: %w", err)
	}
	var set struct {
		Keys []struct {
			KID          string   `json:"kid"`
			Endorsements []string `json:"endorsements"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err == nil {
		m := make(map[string][]string, len(set.Keys))
		for _, k := range set.Keys {
			m[k.KID] = k.Endorsements
		}
		e.mu.Lock()
		e.byKID = m
		e.mu.Unlock()
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	res.ContentLength = int64(len(body))
	return res, nil
}

func (e *endorsements) endorsed(kid, channel string) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return slices.Contains(e.byKID[kid], channel)
}

// newVerifier reads the OpenID metadata at openIDURL and loads the key set
// it names; the keys are refreshed until ctx ends.
func newVerifier(ctx context.Context, client *http.Client, openIDURL, appID string, now func() time.Time, log *slog.Logger) (*verifier, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, openIDURL, nil)
	if err != nil {
		return nil, fmt.Errorf("OpenID metadata %s: %w", openIDURL, err)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("OpenID metadata: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("OpenID metadata %s: HTTP %s", openIDURL, res.Status)
	}
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, MaxBody)).Decode(&meta); err != nil {
		return nil, fmt.Errorf("OpenID metadata %s: %w", openIDURL, err)
	}
	if err := CheckURL(meta.JWKSURI); err != nil {
		return nil, fmt.Errorf("OpenID metadata %s: jwks_uri %w", openIDURL, err)
	}
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	e := &endorsements{base: base, jwksURL: meta.JWKSURI}
	keysClient := &http.Client{Transport: e, Timeout: client.Timeout}
	if keysClient.Timeout == 0 {
		keysClient.Timeout = 30 * time.Second
	}
	firstErr := false
	kf, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{meta.JWKSURI}, keyfunc.Override{
		Client:                    keysClient,
		NoErrorReturnFirstHTTPReq: &firstErr,
		RefreshInterval:           time.Hour,
		// A token naming an unknown key refreshes the set at most every
		// five minutes, and never makes a request wait for the limiter.
		RateLimitWaitMax: time.Millisecond,
		RefreshErrorHandlerFunc: func(u string) func(context.Context, error) {
			return func(ctx context.Context, err error) {
				log.LogAttrs(ctx, slog.LevelWarn, "refreshing the Teams signing keys failed", slog.String("url", u), slog.Any("err", err))
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("key set %s: %w", meta.JWKSURI, err)
	}
	return &verifier{
		keys:    kf,
		endorse: e,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{"RS256"}),
			jwt.WithIssuer(Issuer),
			jwt.WithAudience(appID),
			jwt.WithExpirationRequired(),
			jwt.WithLeeway(ClockSkew),
			jwt.WithTimeFunc(now),
		),
	}, nil
}

// verify checks the Authorization header's bearer token and returns its
// claims. Every failure wraps errUnauthorized.
func (v *verifier) verify(ctx context.Context, header string) (jwt.MapClaims, error) {
	scheme, raw, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("%w: no bearer token", errUnauthorized)
	}
	claims := jwt.MapClaims{}
	keys := v.keys.KeyfuncCtx(ctx)
	_, err := v.parser.ParseWithClaims(strings.TrimSpace(raw), claims, func(t *jwt.Token) (any, error) {
		key, err := keys(t)
		if err != nil {
			return nil, err
		}
		kid, _ := t.Header["kid"].(string)
		if !v.endorse.endorsed(kid, ChannelID) {
			return nil, fmt.Errorf("key %q is not endorsed for %s", kid, ChannelID)
		}
		return key, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errUnauthorized, err)
	}
	return claims, nil
}

// checkServiceURL compares the token's serviceurl claim with the
// activity's serviceUrl: a token is only good for the connector it was
// issued for.
func checkServiceURL(claims jwt.MapClaims, serviceURL string) error {
	claim, _ := claims["serviceurl"].(string)
	if claim == "" {
		claim, _ = claims["serviceUrl"].(string)
	}
	if claim == "" {
		return fmt.Errorf("%w: token has no serviceurl claim", errUnauthorized)
	}
	if claim != serviceURL {
		return fmt.Errorf("%w: token is for another serviceUrl", errUnauthorized)
	}
	return nil
}
