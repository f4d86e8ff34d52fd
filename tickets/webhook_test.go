package tickets

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type oneJobOutbox struct {
	jobs    []Job
	retried int
}

func (o *oneJobOutbox) ClaimJobs(context.Context, time.Time, time.Duration, int) ([]Job, error) {
	j := o.jobs
	o.jobs = nil
	return j, nil
}
func (o *oneJobOutbox) JobDone(context.Context, Job) error { return nil }
func (o *oneJobOutbox) JobRetry(context.Context, Job, time.Time) error {
	o.retried++
	return nil
}

// oneTicketStore answers Get; the webhook needs nothing else.
type oneTicketStore struct{ Store }

func (oneTicketStore) Get(_ context.Context, id string) (Ticket, error) { return Ticket{ID: id}, nil }

// TestWebhookFailureLogHidesURLSecrets: a PSA that cannot be reached is
// logged with its address, but neither the password of the URL's user
// info nor its ?apikey= (Go's HTTP client quotes the whole URL in its error).
func TestWebhookFailureLogHidesURLSecrets(t *testing.T) {
	down := httptest.NewServer(nil)
	addr := down.Listener.Addr().String()
	down.Close() // refuses connections from now on
	var logs bytes.Buffer
	out := &oneJobOutbox{jobs: []Job{{Key: "CB-26-0001|created|0", TicketID: "CB-26-0001", Action: "created"}}}
	wh := NewWebhook(out, oneTicketStore{}, WebhookOptions{
		URL:    "http://psa-user:PASSWORD123@" + addr + "/psa?tenant=7&apikey=SECRET456",
		Secret: "0123456789abcdef", Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
	})
	if n, err := wh.DeliverDue(context.Background()); n != 0 || err != nil || out.retried != 1 {
		t.Fatalf("DeliverDue = %d, %v; retried %d, want 0, nil, 1", n, err, out.retried)
	}
	got := logs.String()
	if !strings.Contains(got, "ticket webhook delivery failed") || !strings.Contains(got, addr) {
		t.Fatalf("no failure logged with the address:\n%s", got)
	}
	for _, secret := range []string{"PASSWORD123", "SECRET456", "psa-user"} {
		if strings.Contains(got, secret) {
			t.Errorf("the log shows %q:\n%s", secret, got)
		}
	}
	if !strings.Contains(got, "tenant=7&apikey=xxxxx") {
		t.Errorf("the log does not show the masked URL:\n%s", got)
	}
	if strings.Count(got, `"component"`) != 1 {
		t.Errorf("component given %d times:\n%s", strings.Count(got, `"component"`), got)
	}
}
