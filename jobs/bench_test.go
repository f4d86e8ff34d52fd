package jobs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/jobs"
)

// BenchmarkSchedule measures scheduling one job a minute ahead on real
// Redis (one round trip and asynq's enqueue script).
func BenchmarkSchedule(b *testing.B) {
	rc := redistest.Open(b, redistest.DBJobs)
	q := jobs.NewQueue(rc, jobs.QueueOptions{})
	ctx := context.Background()
	at := time.Now().Add(time.Minute)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := q.Schedule(ctx, jobs.Job{Type: "bench", ID: fmt.Sprintf("b%d", i), At: at}); err != nil {
			b.Fatal(err)
		}
	}
}
