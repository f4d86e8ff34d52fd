// Package converse plays scripted conversations against mspbot's JSON API
// and checks every turn and the end result, the way the reference checker
// converse.py does (see docs/conversations.md for the file format).
//
// A conversation file holds JSON Lines, one conversation a line: its turns
// (a client says something, a staff member reacts or presses a button, a
// pause), what each reply must show (the slot asked for next, the intent,
// the coverage verdict, wording, language, records filed) and what must
// exist at the end (the callback, vendor appointment or protocol filed,
// what staff were shown). Run plays the files against a running bot and
// prints one line per conversation, PASS or FAIL with the first failed
// check, then a summary:
//
//	PASS cb-01
//	FAIL cb-02 turn 5: asks confirm (bot asks: change) — Was soll ich ändern: …
//	conversations: 1 passed, 1 failed (50.0 %)
//
// Checks read a reply's meta object when the bot sends one and fall back
// on its text otherwise. The readers, the date placeholders and the
// failure messages are converse.py's, so both runners judge a bot alike;
// Python's regular expressions are given their Python meaning (Unicode \b
// and \w, lookbehind and lookahead) on top of Go's regexp.
package converse

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// Options configure a run.
type Options struct {
	// URL is the bot's base URL, e.g. http://127.0.0.1:8080.
	URL string
	// Token is the bearer token of the JSON API (MSPBOT_API_TOKEN), if any.
	Token string
	// StaffConv is the staff conversation (MSPBOT_STAFF_CHANNEL); "" means "staff".
	StaffConv string
	// StaffUsers are the staff user ids, used as they are
	// (MSPBOT_STAFF_USERS); nil means alice and bob.
	StaffUsers []string
	// Prefix starts every conversation and user id of the run; "" means a
	// fresh random one, so that runs never share state.
	Prefix string
	// Only plays only these conversation ids (each may be comma-separated).
	Only []string
	// Verbose prints every turn and reply.
	Verbose bool
	// Today is the day the date placeholders count from; the zero time
	// means today in Europe/Berlin.
	Today time.Time
	// Out gets the result lines (nil: discarded); Err gets notes (nil:
	// discarded).
	Out, Err io.Writer
	// HTTPClient sends the requests; nil means one with a 15 s timeout.
	HTTPClient *http.Client
}

// Result is the verdict on one conversation.
type Result struct {
	ID   string
	Pass bool
	// Where, Check and Said describe the first failed check: "turn 3",
	// "outcome" or "line"; the check with what was found; what the bot
	// said (in full; the printed line shortens it).
	Where, Check, Said string
}

// Summary counts a run's results.
type Summary struct {
	Passed, Failed int
	Results        []Result
}

// Run plays the conversations of files against the bot at opts.URL and
// writes one line per conversation and a summary to opts.Out. It returns
// an error, and plays nothing, when a file cannot be read or opts.Only
// names a conversation no file has; a failed conversation is no error.
func Run(ctx context.Context, opts Options, files ...string) (Summary, error) {
	if opts.URL == "" {
		return Summary{}, errors.New("no bot URL given")
	}
	if len(files) == 0 {
		return Summary{}, errors.New("give the conversations file")
	}
	r := newRunner(opts)
	lines, err := readLines(files)
	if err != nil {
		return Summary{}, err
	}
	if lines, err = selectOnly(lines, opts.Only, files); err != nil {
		return Summary{}, err
	}
	if len(lines) == 0 {
		return Summary{}, errors.New("no conversations to play")
	}
	if r.verbose {
		fmt.Fprintf(r.out, "prefix %s, run %s, today %s (Europe/Berlin), bot %s\n", r.prefix, runToken(r.prefix), isoDay(r.today), opts.URL)
	}
	var sum Summary
	for _, l := range lines {
		res, err := r.playLine(ctx, l)
		if err != nil {
			return sum, err
		}
		sum.Results = append(sum.Results, res)
		if res.Pass {
			sum.Passed++
			fmt.Fprintf(r.out, "PASS %s\n", res.ID)
			continue
		}
		sum.Failed++
		tail := ""
		if res.Said != "" {
			tail = " — " + short(res.Said)
		}
		fmt.Fprintf(r.out, "FAIL %s %s: %s%s\n", res.ID, res.Where, res.Check, tail)
	}
	total := sum.Passed + sum.Failed
	pct := 0.0
	if total > 0 {
		pct = 100 * float64(sum.Passed) / float64(total)
	}
	fmt.Fprintf(r.out, "conversations: %d passed, %d failed (%.1f %%)\n", sum.Passed, sum.Failed, pct)
	return sum, nil
}

// runner holds what one run shares between its conversations.
type runner struct {
	bot        *client
	staffConv  string
	staffUsers []string
	prefix     string
	verbose    bool
	today      time.Time
	out, err   io.Writer
	patterns   map[string]*pyre // the conversation files' patterns, compiled
}

func newRunner(opts Options) *runner {
	r := &runner{
		bot:        newClient(opts.URL, opts.Token, opts.HTTPClient),
		staffConv:  orStr(opts.StaffConv, "staff"),
		staffUsers: opts.StaffUsers,
		prefix:     opts.Prefix,
		verbose:    opts.Verbose,
		today:      berlinToday(),
		out:        opts.Out,
		err:        opts.Err,
		patterns:   map[string]*pyre{},
	}
	if r.staffUsers == nil {
		r.staffUsers = []string{"alice", "bob"}
	}
	if r.prefix == "" {
		b := make([]byte, 3)
		_, _ = rand.Read(b)
		r.prefix = "t" + hex.EncodeToString(b)
	}
	r.prefix = safeID(r.prefix)
	if !opts.Today.IsZero() {
		r.today = civil(opts.Today.Year(), opts.Today.Month(), opts.Today.Day())
	}
	if r.out == nil {
		r.out = io.Discard
	}
	if r.err == nil {
		r.err = io.Discard
	}
	return r
}

// regex compiles a pattern of a conversation file, case-insensitive.
func (r *runner) regex(p string) (*pyre, error) {
	if rx, ok := r.patterns[p]; ok {
		return rx, nil
	}
	rx, err := compilePy(p, reI)
	if err != nil {
		return nil, &regexError{err}
	}
	r.patterns[p] = rx
	return rx, nil
}

// line is one conversation of a file, or why it could not be read.
type line struct {
	conv *object
	err  string
}

func (l line) id() string { return l.conv.str("id", "?") }

// readLines reads the conversations of files: JSON objects, one a line;
// empty lines and lines starting with // are skipped.
func readLines(files []string) ([]line, error) {
	var out []line
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
		for n, raw := range strings.Split(string(data), "\n") {
			raw = strip(raw)
			if raw == "" || strings.HasPrefix(raw, "//") {
				continue
			}
			v, err := decodeJSON([]byte(raw))
			if err == nil && asObject(v) == nil {
				err = errors.New("not an object")
			}
			if err != nil {
				o := newObject()
				o.set("id", fmt.Sprintf("line-%d", n+1))
				out = append(out, line{conv: o, err: fmt.Sprintf("line %d: not a JSON object (%v)", n+1, err)})
				continue
			}
			out = append(out, line{conv: asObject(v)})
		}
	}
	return out, nil
}

// selectOnly keeps the conversations only names (all when it is empty).
func selectOnly(lines []line, only []string, files []string) ([]line, error) {
	want := map[string]bool{}
	for _, o := range only {
		for _, x := range strings.Split(o, ",") {
			if x = strip(x); x != "" {
				want[x] = true
			}
		}
	}
	if len(want) == 0 {
		return lines, nil
	}
	var keep []line
	have := map[string]bool{}
	for _, l := range lines {
		id := pyStr(l.conv.get("id"))
		if want[id] {
			keep = append(keep, l)
			have[id] = true
		}
	}
	var missing []string
	for id := range want {
		if !have[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("no conversation %s in %s", strings.Join(missing, ", "), strings.Join(files, ", "))
	}
	return keep, nil
}

// playLine plays one conversation; the error is the context's only.
func (r *runner) playLine(ctx context.Context, l line) (Result, error) {
	res := Result{ID: l.id(), Where: "line"}
	if l.err != "" {
		res.Check = l.err
		return res, nil
	}
	token := runToken(r.prefix)
	filled, err := deepMap(l.conv, func(s string) (string, error) {
		s, err := fillDates(s, r.today)
		return runPH.replace(s, token), err
	})
	if err != nil {
		res.Check = "placeholder: " + err.Error()
		return res, nil
	}
	conv := newConversation(r, asObject(filled))
	filled, _ = deepMap(filled, conv.fillUsers)
	conv.line = asObject(filled)
	if org := conv.line.get("org"); truthy(org) {
		fmt.Fprintf(r.err, "note: %s groups users into organisations; the bot must have been started with "+
			"MSPBOT_ORGANIZATIONS=%s (use a fixed --prefix)\n", res.ID, orgMapping(org, conv))
	}
	err = conv.play(ctx)
	var f *failure
	var re *regexError
	switch {
	case err == nil:
		res.Pass, res.Where = true, ""
	case errors.As(err, &f):
		res.Where, res.Check, res.Said = f.where, f.check, f.said
	case errors.As(err, &re):
		res.Check = re.Error()
	case ctx.Err() != nil:
		return res, ctx.Err()
	default:
		res.Check = err.Error()
	}
	return res, nil
}

// orgMapping is the MSPBOT_ORGANIZATIONS a line's "org" needs:
// {"acme": ["client", "colleague"]} or [["client", "colleague"]].
func orgMapping(org any, c *conversation) string {
	type group struct {
		name  string
		users []any
	}
	var groups []group
	if o := asObject(org); o != nil {
		for _, k := range o.keys {
			groups = append(groups, group{k, pyIter(o.get(k))})
		}
	} else {
		for i, g := range pyIter(org) {
			groups = append(groups, group{fmt.Sprintf("org%d", i+1), pyIter(g)})
		}
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		ids := make([]string, len(g.users))
		for j, u := range g.users {
			ids[j] = "web:@" + c.uid(pyStr(u))
		}
		parts[i] = g.name + "=" + strings.Join(ids, ",")
	}
	return strings.Join(parts, ";")
}
