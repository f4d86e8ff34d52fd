package redact

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", ""},
		// The examples.
		{"sentinel form", "redis://u:p@h:26391/0?master_name=m&password=X",
			"redis://xxxxx@h:26391/0?master_name=m&password=xxxxx"},
		{"sentinel with its own password", "redis://:secret@s1:26379/2?master_name=mymaster&addr=s2:26379&sentinel_username=su&sentinel_password=sp",
			"redis://xxxxx@s1:26379/2?master_name=mymaster&addr=s2:26379&sentinel_username=su&sentinel_password=xxxxx"},
		{"psa webhook", "http://u:PASS@psa.example/psa?apikey=SECRET",
			"http://xxxxx@psa.example/psa?apikey=xxxxx"},
		{"openai base with user info", "https://bot:hunter2@llm.example:8443/v1",
			"https://xxxxx@llm.example:8443/v1"},
		{"password only", "rediss://:hunter2@db.example:6380", "rediss://xxxxx@db.example:6380"},
		{"user only is a token", "https://ghp_abcdef@github.com/o/r.git", "https://xxxxx@github.com/o/r.git"},
		{"unix socket", "unix:///run/redis.sock?db=1&password=X", "unix:///run/redis.sock?db=1&password=xxxxx"},
		{"upper case", "HTTP://U:P@H/?PASSWORD=X", "HTTP://xxxxx@H/?PASSWORD=xxxxx"},

		// Every spelling of a secret name.
		{"secret names",
			"https://h/x?api_key=1&api-key=2&apiKey=3&APIKEY=4&access_token=5&token=6&sig=7&signature=8&auth=9&key=10&pwd=11&pass=12&secret=13&client_secret=14&X-Amz-Signature=15&X-Amz-Credential=16&X-Amz-Security-Token=17&refresh_token=18&accesstoken=19&db_password=20&passwd=21&subscription-key=22&sessionid=23&x-auth=24&authorization=25&jwt=26",
			"https://h/x?api_key=xxxxx&api-key=xxxxx&apiKey=xxxxx&APIKEY=xxxxx&access_token=xxxxx&token=xxxxx&sig=xxxxx&signature=xxxxx&auth=xxxxx&key=xxxxx&pwd=xxxxx&pass=xxxxx&secret=xxxxx&client_secret=xxxxx&X-Amz-Signature=xxxxx&X-Amz-Credential=xxxxx&X-Amz-Security-Token=xxxxx&refresh_token=xxxxx&accesstoken=xxxxx&db_password=xxxxx&passwd=xxxxx&subscription-key=xxxxx&sessionid=xxxxx&x-auth=xxxxx&authorization=xxxxx&jwt=xxxxx"},
		{"escaped name", "https://h/?%70assword=x&q=1", "https://h/?%70assword=xxxxx&q=1"},
		{"semicolon separated", "http://h/?a=1;password=x", "http://h/?a=1;password=xxxxx"},
		{"empty secret value stays", "http://h/?password=&token", "http://h/?password=&token"},
		{"fragment token", "https://app.example/cb#access_token=T&state=s", "https://app.example/cb#access_token=xxxxx&state=s"},
		{"query and fragment", "https://h/p?token=a#sig=b", "https://h/p?token=xxxxx#sig=xxxxx"},

		// Nothing else changes.
		{"go-redis options kept", "redis://h:6379/0?dial_timeout=3s&pool_size=10&protocol=3&client_name=mspbot&master_name=m&addr=h2:6379&db=1",
			"redis://h:6379/0?dial_timeout=3s&pool_size=10&protocol=3&client_name=mspbot&master_name=m&addr=h2:6379&db=1"},
		{"normal names kept", "https://api.example/v1?api-version=2024-02-01&model=gpt-4o&max_tokens=400&keyspace=a&monkey=b&author=c&authSource=admin&signal=1&key_id=k&tokenizer=t&page=2&passenger=p&design=d",
			"https://api.example/v1?api-version=2024-02-01&model=gpt-4o&max_tokens=400&keyspace=a&monkey=b&author=c&authSource=admin&signal=1&key_id=k&tokenizer=t&page=2&passenger=p&design=d"},
		{"plain url", "https://login.botframework.com/v1/.well-known/openidconfiguration", "https://login.botframework.com/v1/.well-known/openidconfiguration"},
		{"at sign in path", "https://discord.com/api/v10/users/@me", "https://discord.com/api/v10/users/@me"},
		{"at sign in query", "https://h/?email=anna@muster.example", "https://h/?email=anna@muster.example"},
		{"encoding kept", "https://h/a%20b?q=x%26y&token=a%2Bb", "https://h/a%20b?q=x%26y&token=xxxxx"},

		// IPv6 hosts.
		{"ipv6 with user info", "redis://u:p@[::1]:6379/0", "redis://xxxxx@[::1]:6379/0"},
		{"ipv6 zone", "http://[fe80::1%25en0]:8080/x?token=t", "http://[fe80::1%25en0]:8080/x?token=xxxxx"},
		{"ipv6 plain", "redis://[2001:db8::7]:6379", "redis://[2001:db8::7]:6379"},

		// Invalid URLs are masked all the same.
		{"invalid port", "http://u:p@h:port/x?password=s", "http://xxxxx@h:port/x?password=xxxxx"},
		{"bad escape in password", "http://u:p%zz@h/", "http://xxxxx@h/"},
		{"bad escape in query", "redis://u:p@h:6379/0?password=X%zz", "redis://xxxxx@h:6379/0?password=xxxxx"},
		{"slash in password", "http://u:pa/ss@h/x", "http://xxxxx@h/x"},
		{"question mark in password", "redis://u:pa?ss@h:6379", "redis://xxxxx@h:6379"},
		{"control character", "http://u:p@h\x7f/?token=t", "http://xxxxx@h\x7f/?token=xxxxx"},
		{"space in host", "http://u:p@h st/", "http://xxxxx@h st/"},
		{"no scheme with user info", "u:p@h:6379/0", "xxxxx@h:6379/0"},
		{"no scheme host port", "h:6379", "h:6379"},
		{"bare query", "master_name=m&password=X", "master_name=m&password=xxxxx"},
		{"path and query", "/psa?apikey=S", "/psa?apikey=xxxxx"},
		{"not a url", "::not a url", "::not a url"},
		{"word", "hello", "hello"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := URL(tc.in); got != tc.want {
				t.Errorf("URL(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			// Masking twice changes nothing more.
			if got := URL(URL(tc.in)); got != tc.want {
				t.Errorf("URL(URL(%q)) = %q", tc.in, got)
			}
		})
	}
}

// TestURLAgreesWithGo: for every URL Go parses, the masked form parses to
// the same scheme, host, path and non-secret parameters.
func TestURLAgreesWithGo(t *testing.T) {
	for _, raw := range []string{
		"redis://u:p@h:26391/0?master_name=m&password=X",
		"http://u:PASS@psa.example/psa?apikey=SECRET&ticket=1",
		"redis://u:p@[::1]:6379/3?dial_timeout=1s",
		"https://h/a%20b?q=x%26y&token=a%2Bb#frag",
	} {
		in, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		out, err := url.Parse(URL(raw))
		if err != nil {
			t.Fatalf("URL(%q) = %q does not parse: %v", raw, URL(raw), err)
		}
		if in.Scheme != out.Scheme || in.Host != out.Host || in.Path != out.Path || in.Fragment != out.Fragment {
			t.Errorf("%q: masked form %q changed more than secrets", raw, URL(raw))
		}
		if _, has := out.User.Password(); has || (out.User != nil && out.User.Username() != Mask) {
			t.Errorf("%q: user info %v left", raw, out.User)
		}
		for k, vs := range in.Query() {
			want := vs
			if SecretName(k) {
				want = []string{Mask}
			}
			if got := out.Query()[k]; strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%q: parameter %s = %q, want %q", raw, k, got, want)
			}
		}
	}
}

func TestText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"go http client error",
			`post: Post "http://u:***@psa.example/psa?apikey=SECRET": dial tcp 127.0.0.1:9: connect: connection refused`,
			`post: Post "http://xxxxx@psa.example/psa?apikey=xxxxx": dial tcp 127.0.0.1:9: connect: connection refused`},
		{"url.Parse error", `REDIS_URL: parse "redis://u:p@h:x/0": invalid port ":x" after host`,
			`REDIS_URL: parse "redis://xxxxx@h:x/0": invalid port ":x" after host`},
		{"two urls", "from https://a:b@one.example/?token=1 to redis://:c@two.example:6379",
			"from https://xxxxx@one.example/?token=xxxxx to redis://xxxxx@two.example:6379"},
		{"inside escaped JSON", `{"err":"Post \"http://u:p@h/?token=t\": EOF"}`,
			`{"err":"Post \"http://xxxxx@h/?token=xxxxx\": EOF"}`},
		{"in angle brackets", "see <https://u:p@h/>", "see <https://xxxxx@h/>"},
		{"trailing punctuation", "see https://h/x?token=abc.", "see https://h/x?token=xxxxx"},
		{"no url", "dial tcp 10.0.0.1:6379: i/o timeout", "dial tcp 10.0.0.1:6379: i/o timeout"},
		{"harmless url", "answered by https://h.example/v1/chat/completions: 500", "answered by https://h.example/v1/chat/completions: 500"},
		{"email is no url", "mail to anna@muster.example failed", "mail to anna@muster.example failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestError(t *testing.T) {
	if Error(nil) != nil {
		t.Fatal("Error(nil) is not nil")
	}
	plain := errors.New("connection refused")
	if Error(plain) != plain {
		t.Error("an error without a secret is not returned as it is")
	}
	// What net/http returns when a webhook is down: the URL with the
	// password starred, but the query in clear.
	ue := &url.Error{Op: "Post", URL: "http://u:***@psa.example/psa?apikey=SECRET", Err: context.DeadlineExceeded}
	err := Error(fmt.Errorf("post: %w", ue))
	if strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "apikey=xxxxx") {
		t.Errorf("masked error %q", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("errors.Is no longer sees the cause")
	}
	var got *url.Error
	if !errors.As(err, &got) || !got.Timeout() {
		t.Error("errors.As no longer finds the *url.Error")
	}
}

// FuzzURL: URL never panics, masks idempotently, and never lets a password
// or a token value through.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"redis://u:p@h:26391/0?master_name=m&password=X", "http://[::1]:80/?token=t#sig=s", "u:p@h", "a=1;key=2", "http://u:pa/ss@h/"} {
		f.Add(s, "user", "pass", "secretvalue")
	}
	f.Fuzz(func(t *testing.T, raw, user, pass, value string) {
		once := URL(raw)
		if URL(once) != once {
			t.Fatalf("URL not idempotent on %q: %q then %q", raw, once, URL(once))
		}
		_ = Text(raw)
		// A URL built with a password and a token: neither may survive.
		if !clean(user) || !clean(pass) || !clean(value) {
			return
		}
		u := "https://" + user + ":" + pass + "@host.example/p?a=1&token=" + value
		out := URL(u)
		if strings.Contains(out, pass) && !strings.Contains("https://xxxxx@host.example/p?a=1&token=xxxxx", pass) {
			t.Fatalf("URL(%q) = %q keeps the password", u, out)
		}
		if strings.Contains(out, value) && !strings.Contains("https://xxxxx@host.example/p?a=1&token=xxxxx", value) {
			t.Fatalf("URL(%q) = %q keeps the token", u, out)
		}
	})
}

// clean reports whether s can stand in a URL's user info or a parameter
// value as it is (no separators, no white space).
func clean(s string) bool {
	return s != "" && !strings.ContainsAny(s, "@/?#&;=: \t\r\n%\"'<>`\\")
}
